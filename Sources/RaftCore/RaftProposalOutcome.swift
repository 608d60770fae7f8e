public import RaftTypes

/// Where a proposal went.
public enum RaftProposalOutcome: Equatable, Sendable {
    /// Appended by this member, the leader, at `index`.
    case appended(LogIndex)
    /// Forwarded to the leader, which appends it; the proposer learns of it when it commits.
    case forwarded(to: RaftMemberID)
}
