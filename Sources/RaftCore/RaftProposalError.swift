public import RaftTypes

/// Why `Raft.propose` could not take a proposal.
public enum RaftProposalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Only the leader appends; `leader` is who this member believes leads, if anyone.
    case notLeader(leader: RaftMemberID?)

    public var description: String {
        switch self {
        case .notLeader(let leader?):
            "this manager is not the Raft leader; member \(leader) is: send the request there"
        case .notLeader(nil):
            "there is no Raft leader right now (an election is under way or a majority of managers is unreachable); retry shortly"
        }
    }
}
