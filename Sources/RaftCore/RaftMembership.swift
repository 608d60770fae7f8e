public import RaftTypes

/// Who is in the group: voters elect leaders and form majorities; learners only replicate.
public struct RaftMembership: Hashable, Sendable {
    public private(set) var voters: Set<RaftMemberID>
    public private(set) var learners: Set<RaftMemberID>

    public init(voters: Set<RaftMemberID>, learners: Set<RaftMemberID> = []) {
        precondition(voters.isDisjoint(with: learners), "RaftMembership: a member is either a voter or a learner")
        self.voters = voters
        self.learners = learners
    }

    /// Every member, voters and learners.
    public var all: Set<RaftMemberID> { voters.union(learners) }

    /// Votes (or durable copies) that make a majority of the voters.
    public var quorum: Int { voters.count / 2 + 1 }

    /// Why `change` cannot apply to this membership, or nil when it can.
    public func refusal(of change: RaftMembershipChange) -> RaftProposalError? {
        switch change {
        case .addLearner(let member) where all.contains(member),
            .promote(let member) where !learners.contains(member),
            .remove(let member) where !all.contains(member):
            .invalidMembershipChange(change)
        case .remove(let member) where voters == [member]:
            .invalidMembershipChange(change)
        default:
            nil
        }
    }

    /// The membership after `change` (a change that does not apply leaves it as it is).
    public func applying(_ change: RaftMembershipChange) -> RaftMembership {
        guard refusal(of: change) == nil else { return self }
        var next = self
        switch change {
        case .addLearner(let member):
            next.learners.insert(member)
        case .promote(let member):
            next.learners.remove(member)
            next.voters.insert(member)
        case .remove(let member):
            next.learners.remove(member)
            next.voters.remove(member)
        }
        return next
    }
}
