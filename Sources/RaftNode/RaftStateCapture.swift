public import RaftCore
public import RaftTypes

/// The replicated state frozen at one applied log position, with the group as of that
/// position: what a hot backup or a rebuilt storage is made of.
public struct RaftStateCapture: Sendable {
    /// The last applied entry the state includes.
    public let index: LogIndex
    /// That entry's term.
    public let term: Term
    /// The group as of `index`.
    public let membership: RaftMembership
    /// The state machine's frozen state at `index`.
    public let state: any RaftStateMachineSnapshot

    public init(index: LogIndex, term: Term, membership: RaftMembership, state: any RaftStateMachineSnapshot) {
        self.index = index
        self.term = term
        self.membership = membership
        self.state = state
    }

    /// The stored snapshot contents of this state (`SnapshotImage`), encoded now.
    public func snapshotContents() -> [UInt8] {
        SnapshotImage(membership: membership, stateMachineImage: state.image()).encoded
    }
}
