/// What a Raft member must persist before it answers anyone: its term, its vote in that term,
/// and how far it knows the log to be committed.
public struct HardState: Hashable, Sendable {
    /// The latest term this member has seen.
    public var term: Term
    /// Whom this member voted for in `term`, if anyone.
    public var vote: RaftMemberID?
    /// The highest log index known to be committed.
    public var commit: LogIndex

    public init(term: Term, vote: RaftMemberID?, commit: LogIndex) {
        self.term = term
        self.vote = vote
        self.commit = commit
    }

    /// The state of a member that has never run.
    public static let initial = HardState(term: .zero, vote: nil, commit: .zero)
}
