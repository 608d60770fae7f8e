import RaftCore
import RaftTypes
import Testing

@Suite("Raft read index and leader transfer")
struct RaftReadAndTransferTests {
    @Test("a read at the leader or a follower is confirmed at an index covering every committed write")
    func readIndex() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        let follower = try #require(group.members.keys.first { $0 != leader })
        let written = try #require(try group.propose([9], at: leader))
        group.settle()
        try group.requestRead([1], at: leader)
        try group.requestRead([2], at: follower)
        group.settle()
        #expect(group.readStates[leader] == [RaftReadState(context: [1], index: written)])
        #expect(group.readStates[follower] == [RaftReadState(context: [2], index: written)])
    }

    @Test("a leader cut off from the others never confirms a read")
    func noReadWithoutMajority() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        group.isolated = Set(group.members.keys.filter { $0 != leader })
        try group.requestRead([1], at: leader)
        group.tick(times: 5)
        #expect(group.readStates[leader] ?? [] == [], "a deposed leader could serve a stale read")
    }

    @Test("leadership moves to the chosen member at once, within the term after")
    func transferLeadership() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        let target = try #require(group.members.keys.first { $0 != leader })
        let term = group[leader].term
        try group.propose([5], at: leader)
        try group.transferLeadership(from: leader, to: target)
        #expect(throws: RaftProposalError.leadershipTransferInProgress(transferee: target)) {
            try group.propose([6], at: leader)
        }
        group.settle()
        #expect(group.leaders == [target])
        #expect(group[target].term == Term(term.rawValue + 1))
        #expect(group[leader].leader == target)
        #expect(throws: RaftProposalError.unknownMember(RaftMemberID(9))) {
            try group.transferLeadership(from: target, to: RaftMemberID(9))
        }
    }
}
