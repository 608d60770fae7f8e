import RaftCore
import RaftTypes
import Testing

@Suite("Raft replication")
struct RaftReplicationTests {
    @Test("a proposal commits on every member, and every member applies the same entries")
    func proposalReachesEveryMember() throws {
        var group = RaftGroup(count: 5)
        let leader = try group.requireLeader()
        var indexes: [LogIndex] = []
        for value in 0..<20 {
            indexes.append(try #require(try group.propose([UInt8(value)], at: leader)))
        }
        group.tick(times: 3)
        for id in group.members.keys {
            #expect(group[id].log.committed >= indexes.last!, "member \(id)")
            #expect(group[id].log.entries.map(\.data) == group[leader].log.entries.map(\.data), "member \(id)")
        }
    }

    @Test("an entry stored only by a minority is not committed; a majority commits it")
    func commitNeedsAMajority() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        let others = group.members.keys.filter { $0 != leader }
        group.isolated = Set(others)
        let index = try #require(try group.propose([7], at: leader))
        group.settle()
        #expect(group[leader].log.committed < index, "one copy of three is not a majority")
        group.isolated = [others[0]]
        group.tick(times: 2)
        #expect(group[leader].log.committed >= index)
    }

    @Test("a follower whose log diverged over many entries and terms catches up in a few round trips")
    func fastBacktracking() throws {
        // Member 1 led term 1 and appended 50 entries nobody else got; members 2 and 3 then
        // went on under a leader of term 2 with 60 entries of their own.
        let ids: Set<RaftMemberID> = [RaftMemberID(1), RaftMemberID(2), RaftMemberID(3)]
        let stale = (1...50).map { LogEntry(index: LogIndex(UInt64($0)), term: Term(1), data: [1]) }
        let current = (1...60).map { LogEntry(index: LogIndex(UInt64($0)), term: Term($0 <= 5 ? 1 : 2), data: $0 <= 5 ? [1] : [2]) }
        let first = Raft(
            configuration: RaftConfiguration(id: RaftMemberID(1)), membership: RaftMembership(voters: ids),
            hardState: HardState(term: Term(1), vote: RaftMemberID(1), commit: .zero), entries: stale, randomSeed: 1
        )
        let others = [RaftMemberID(2), RaftMemberID(3)].map { id in
            Raft(
                configuration: RaftConfiguration(id: id, electionTicks: id == RaftMemberID(2) ? 10...10 : 30...30),
                membership: RaftMembership(voters: ids),
                hardState: HardState(term: Term(2), vote: RaftMemberID(2), commit: LogIndex(5)), entries: current, randomSeed: id.rawValue
            )
        }
        var group = RaftGroup([first] + others)
        let leader = try group.requireLeader()
        #expect(leader == RaftMemberID(2))
        group.tick(times: 5)
        let rejections = group.delivered.filter {
            if case .appendResponse(accepted: false, _, _, _) = $0.body, $0.from == RaftMemberID(1) { return true }
            return false
        }
        #expect(rejections.count <= 3, "one probe per term, not one per entry: \(rejections.count) rejections")
        #expect(group[RaftMemberID(1)].log.entries.map(\.data) == group[leader].log.entries.map(\.data))
    }
}

@Suite("Raft proposal backlog")
struct RaftBacklogTests {
    @Test("a leader cut off from its followers refuses proposals beyond the uncommitted limit, and takes them again once they commit")
    func uncommittedLimit() throws {
        var group = RaftGroup(count: 3) { RaftConfiguration(id: $0, checksQuorum: false, uncommittedByteLimit: 100) }
        let leader = try group.requireLeader()
        group.isolated = Set(group.members.keys.filter { $0 != leader })
        var accepted = 0
        var refusal: RaftProposalError?
        for _ in 0..<50 {
            do {
                try group.propose([UInt8](repeating: 1, count: 10), at: leader)
                accepted += 1
            } catch {
                refusal = error
                break
            }
        }
        #expect(accepted == 10, "100 bytes of 10-byte proposals fit")
        #expect(refusal == .uncommittedBacklogFull(limit: 100))
        group.isolated = []
        group.tick(times: 3)
        #expect(group[leader].log.committed == group[leader].log.lastIndex)
        #expect(try group.propose([1], at: leader) != nil, "committed proposals free the backlog")
    }
}
