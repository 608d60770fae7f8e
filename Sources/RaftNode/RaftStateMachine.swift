public import RaftTypes

/// What a `RaftNode` replicates: commands applied in log order on every member, and images of
/// the whole state for snapshots. The node calls these from its loop, one at a time; readers
/// may use the state concurrently, so implementations guard it themselves.
public protocol RaftStateMachine: AnyObject, Sendable {
    /// Applies a committed command and returns the reply its proposer receives.
    func apply(_ command: [UInt8], at index: LogIndex) -> [UInt8]
    /// A frozen view of the state after every command applied so far. The loop waits while it
    /// is taken, so it should be cheap (a copy-on-write value is); its image is encoded and
    /// written off the loop while commands keep applying.
    func freeze() -> any RaftStateMachineSnapshot
    /// Replaces the state with one a snapshot's `image()` made.
    ///
    /// - Throws: when `image` is not one this state machine made; the node then stops.
    func restore(fromImage image: [UInt8]) throws
}

/// A frozen state, encoded when the snapshot is written.
public protocol RaftStateMachineSnapshot: Sendable {
    func image() -> [UInt8]
}
