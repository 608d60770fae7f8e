public import RaftTypes

/// Why `Raft` could not take a proposal, a read or a leadership transfer.
public enum RaftProposalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No member is known to lead (an election is under way, or a majority is unreachable).
    case noLeader
    /// The leader is handing over to `transferee`; proposals wait for the new leader.
    case leadershipTransferInProgress(transferee: RaftMemberID)
    /// Only the leader can do this; `leader` is who this member believes leads.
    case notLeader(leader: RaftMemberID?)
    /// A transfer target that is not a voting member.
    case unknownMember(RaftMemberID)
    /// A membership change is proposed but not yet applied; changes go one at a time.
    case membershipChangeInProgress
    /// The change does not fit the group as it is (adding a member twice, promoting a voter,
    /// removing a stranger or the last voter).
    case invalidMembershipChange(RaftMembershipChange)
    /// The leader holds `limit` bytes of proposals it could not commit yet (its followers are
    /// slow or unreachable): retry once they catch up.
    case uncommittedBacklogFull(limit: Int)
    /// The leader cannot remove itself: its log may hold entries no other member has, so the
    /// others could not elect a successor. Transfer leadership first, then remove it.
    case leaderCannotRemoveItself

    public var description: String {
        switch self {
        case .noLeader:
            "there is no Raft leader right now (an election is under way or a majority of managers is unreachable); retry shortly"
        case .leadershipTransferInProgress(let transferee):
            "leadership is being handed to member \(transferee); retry once it leads"
        case .notLeader(let leader?):
            "this manager is not the Raft leader; member \(leader) is: send the request there"
        case .notLeader(nil):
            "this manager is not the Raft leader and knows of none; retry shortly"
        case .unknownMember(let member):
            "member \(member) is not a voting member of this Raft group"
        case .membershipChangeInProgress:
            "another membership change is still being applied; retry once it is"
        case .invalidMembershipChange(let change):
            "cannot \(change): it does not fit the group's current members"
        case .uncommittedBacklogFull(let limit):
            "the Raft leader already holds \(limit) bytes of proposals it cannot commit yet "
                + "(managers are slow or unreachable); retry once they catch up"
        case .leaderCannotRemoveItself:
            "the Raft leader cannot remove itself: transfer leadership to another manager first, then remove this one"
        }
    }
}
