import RaftCore
import RaftTypes
import Testing

@Suite("Raft membership changes")
struct RaftMembershipTests {
    /// Lets the group exchange messages for a few ticks.
    static func settleApplying(_ group: inout RaftGroup, rounds: Int = 5) {
        group.tick(times: rounds)
    }

    @Test("a new member joins as a learner, catches up without voting, is promoted, and a member is removed")
    func learnerThenVoterThenRemoval() throws {
        let voters: Set<RaftMemberID> = [RaftMemberID(1), RaftMemberID(2), RaftMemberID(3)]
        let newcomer = RaftMemberID(4)
        var group = RaftGroup(
            (voters.union([newcomer])).map { id in
                Raft(configuration: RaftConfiguration(id: id), membership: RaftMembership(voters: voters), randomSeed: id.rawValue)
            }
        )
        let leader = try group.requireLeader()
        for value in 0..<10 { try group.propose([UInt8(value)], at: leader) }
        Self.settleApplying(&group)
        #expect(group[newcomer].log.lastIndex == .zero, "a stranger gets nothing")

        _ = try group.proposeMembershipChange(.addLearner(newcomer), at: leader)
        Self.settleApplying(&group)
        #expect(group[leader].membership.learners == [newcomer])
        #expect(group[newcomer].log.lastIndex == group[leader].log.lastIndex, "the learner caught up")
        #expect(group[leader].matchIndex(of: newcomer) == group[leader].log.lastIndex)

        _ = try group.proposeMembershipChange(.promote(newcomer), at: leader)
        Self.settleApplying(&group)
        #expect(group[leader].membership.voters == voters.union([newcomer]))

        let leaving = try #require(voters.first { $0 != leader })
        _ = try group.proposeMembershipChange(.remove(leaving), at: leader)
        Self.settleApplying(&group)
        #expect(group[leader].membership.voters == voters.union([newcomer]).subtracting([leaving]))
        let index = try #require(try group.propose([99], at: leader))
        Self.settleApplying(&group)
        #expect(group[newcomer].log.committed >= index, "the promoted member takes part in commits")
    }

    @Test("changes go one at a time; nonsensical changes and the leader's own removal are refused")
    func refusals() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        Self.settleApplying(&group)
        _ = try group.proposeMembershipChange(.addLearner(RaftMemberID(7)), at: leader)
        #expect(group[leader].membership.learners == [RaftMemberID(7)], "a change takes effect once in the log, before it commits")
        #expect(throws: RaftProposalError.membershipChangeInProgress) {
            try group.proposeMembershipChange(.addLearner(RaftMemberID(8)), at: leader)
        }
        Self.settleApplying(&group)
        #expect(throws: RaftProposalError.invalidMembershipChange(.promote(leader))) {
            try group.proposeMembershipChange(.promote(leader), at: leader)
        }
        #expect(throws: RaftProposalError.invalidMembershipChange(.remove(RaftMemberID(9)))) {
            try group.proposeMembershipChange(.remove(RaftMemberID(9)), at: leader)
        }
        #expect(throws: RaftProposalError.leaderCannotRemoveItself) {
            try group.proposeMembershipChange(.remove(leader), at: leader)
        }
    }

    @Test("membership changes survive encoding, and foreign payloads are not taken for changes")
    func encoding() {
        for change in [RaftMembershipChange.addLearner(RaftMemberID(5)), .promote(RaftMemberID(1 << 40)), .remove(RaftMemberID(3))] {
            #expect(RaftMembershipChange(encoded: change.encoded) == change)
        }
        #expect(RaftMembershipChange(encoded: []) == nil)
        #expect(RaftMembershipChange(encoded: [4, 1, 0, 0, 0, 0, 0, 0, 0]) == nil)
        #expect(RaftMembershipChange(encoded: [1, 0, 0, 0, 0, 0, 0, 0, 0]) == nil, "member 0 is nobody")
    }
}
