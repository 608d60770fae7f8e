public import RaftCore
public import RaftTypes

/// What a node knows of itself and its group, for status output and tests.
public struct RaftNodeStatus: Sendable, Equatable {
    public var id: RaftMemberID
    public var term: Term
    public var role: RaftRole
    public var leader: RaftMemberID?
    public var membership: RaftMembership
    public var lastIndex: LogIndex
    public var committed: LogIndex
    public var applied: LogIndex
    /// The last index the latest snapshot covers.
    public var snapshotIndex: LogIndex
    /// On a leader, how far each other member's log is known to match its own (how close a
    /// learner is to promotion); empty elsewhere.
    public var matchIndexes: [RaftMemberID: LogIndex]
}
