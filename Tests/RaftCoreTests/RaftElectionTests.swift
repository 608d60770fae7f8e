import RaftCore
import RaftTypes
import Testing

@Suite("Raft elections")
struct RaftElectionTests {
    @Test("a single member elects itself and commits what it proposes")
    func singleMember() throws {
        var group = RaftGroup(count: 1)
        let leader = try group.requireLeader()
        let index = try #require(try group.propose(Array("x".utf8), at: leader))
        group.settle()
        #expect(group[leader].log.committed == index)
        #expect(group[leader].term == Term(1))
    }

    @Test("the only voter leads after one tick; in a group of three, nobody leads before the shortest election timeout")
    func soleVoterCampaignsAtOnce() {
        var alone = RaftGroup(count: 1)
        alone.tick(times: 1)
        #expect(alone.leaders.count == 1)

        var three = RaftGroup(count: 3)
        three.tick(times: RaftConfiguration(id: RaftMemberID(1)).electionTicks.lowerBound - 1)
        #expect(three.leaders.isEmpty)
    }

    @Test("three members elect exactly one leader, which every member follows")
    func threeMembers() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        #expect(group.leaders == [leader])
        for id in group.members.keys {
            #expect(group[id].leader == leader)
            #expect(group[id].term == group[leader].term)
        }
    }

    @Test("a follower forwards proposals to the leader, which commits them; with no leader a proposal is refused")
    func followerForwardsProposals() throws {
        var group = RaftGroup(count: 3)
        #expect(throws: RaftProposalError.noLeader) { try group.propose([1], at: RaftMemberID(1)) }
        let leader = try group.requireLeader()
        let follower = try #require(group.members.keys.first { $0 != leader })
        #expect(try group.propose([42], at: follower) == nil, "a follower forwards")
        group.tick(times: 2)
        #expect(group[leader].log.entries.last?.data == [42])
        #expect(group[follower].log.committed == group[leader].log.lastIndex)
    }

    @Test("a member cut off for many timeouts does not raise its term, and rejoins without deposing the leader")
    func preVoteKeepsAnIsolatedMemberQuiet() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        let term = group[leader].term
        let follower = try #require(group.members.keys.first { $0 != leader })
        group.isolated = [follower]
        group.tick(times: 100)
        #expect(group[follower].term == term, "pre-vote must keep the isolated member's term")
        group.isolated = []
        group.tick(times: 30)
        #expect(group.leaders == [leader])
        #expect(group[leader].term == term)
        #expect(group[follower].leader == leader)
    }

    @Test("a leader that loses its majority steps down within an election timeout, and the majority elects another")
    func checkQuorumDeposesACutOffLeader() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        group.isolated = [leader]
        group.tick(times: 25)
        #expect(group[leader].role == .follower, "without a majority the leader must step down")
        let next = try group.requireLeader()
        #expect(next != leader)
        #expect(group[next].term > group[leader].term)
    }

    @Test("without pre-vote a returning member would disrupt: with it, terms stay put", arguments: [true, false])
    func disruptionDependsOnPreVote(usesPreVote: Bool) throws {
        var group = RaftGroup(count: 3) { RaftConfiguration(id: $0, usesPreVote: usesPreVote, checksQuorum: false) }
        let leader = try group.requireLeader()
        let term = group[leader].term
        let follower = try #require(group.members.keys.first { $0 != leader })
        group.isolated = [follower]
        group.tick(times: 60)
        if usesPreVote {
            #expect(group[follower].term == term)
        } else {
            #expect(group[follower].term > term, "a plain candidate raises its term while cut off")
        }
    }
}
