public import RaftTypes

/// What a snapshot covers: the state machine through `index` (whose entry has `term`), and
/// the group as of then. The snapshot's data never passes through `Raft`: the node stores it
/// and streams it to followers that need it.
public struct RaftSnapshotMetadata: Hashable, Sendable {
    public var index: LogIndex
    public var term: Term
    public var membership: RaftMembership

    public init(index: LogIndex, term: Term, membership: RaftMembership) {
        self.index = index
        self.term = term
        self.membership = membership
    }
}
