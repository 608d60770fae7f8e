public import RaftCore
public import RaftTypes

/// How a `RaftNode` runs: the core's settings plus the node's clock, snapshot policy and
/// request deadlines.
public struct RaftNodeConfiguration: Sendable {
    /// The core's settings (member id, election and heartbeat ticks, flow control).
    public var raft: RaftConfiguration
    /// How long one tick lasts (100 ms by default; Swarm's is 1 s).
    public var tickInterval: Duration
    /// A snapshot is taken once this many entries (Swarm's `SnapshotInterval` default) were
    /// applied since the last one and their bytes add up to the last snapshot's size...
    public var snapshotEntryInterval: UInt64
    /// ...or once this many bytes of entries were written since the last one, so the log stays
    /// bounded whatever the entries' and the state's size.
    public var snapshotByteInterval: Int
    /// A proposal, read or membership change not done within this long fails with `.timedOut`.
    public var requestTimeout: Duration

    public init(
        raft: RaftConfiguration,
        tickInterval: Duration = .milliseconds(100),
        snapshotEntryInterval: UInt64 = 10_000,
        snapshotByteInterval: Int = 64 << 20,
        requestTimeout: Duration = .seconds(5)
    ) {
        precondition(snapshotEntryInterval > 0 && snapshotByteInterval > 0, "RaftNode needs positive snapshot intervals")
        self.raft = raft
        self.tickInterval = tickInterval
        self.snapshotEntryInterval = snapshotEntryInterval
        self.snapshotByteInterval = snapshotByteInterval
        self.requestTimeout = requestTimeout
    }

    /// This member.
    public var id: RaftMemberID { raft.id }
}
