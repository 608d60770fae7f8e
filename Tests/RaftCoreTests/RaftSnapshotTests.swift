import RaftCore
import RaftTypes
import Testing

@Suite("Raft snapshots")
struct RaftSnapshotTests {
    @Test("a follower behind a compacted log gets the snapshot, installs it, and then replicates what follows")
    func laggingFollowerInstallsSnapshot() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        let lagging = try #require(group.members.keys.first { $0 != leader })
        group.isolated = [lagging]
        for value in 0..<30 { try group.propose([UInt8(value)], at: leader) }
        group.tick(times: 2)
        let snapshotIndex = group[leader].log.applied
        let metadata = try #require(group[leader].snapshotMetadata(through: snapshotIndex))
        #expect(metadata.membership == group[leader].membership)
        group.compact(through: metadata, at: leader)
        #expect(group[leader].log.snapshotIndex == snapshotIndex)
        #expect(group[leader].log.term(at: LogIndex(1)) == nil, "compacted entries are gone")

        group.isolated = []
        group.tick(times: 3)
        #expect(group.installedSnapshots[lagging] == [metadata])
        let index = try #require(try group.propose([99], at: leader))
        group.tick(times: 2)
        #expect(group[lagging].log.snapshotIndex == snapshotIndex)
        #expect(group[lagging].log.committed >= index)
        #expect(group[lagging].log.entries.last?.data == [99])
    }

    @Test("a snapshot the follower's log already covers only moves its commit index")
    func snapshotAlreadyCovered() throws {
        var group = RaftGroup(count: 3)
        let leader = try group.requireLeader()
        for value in 0..<5 { try group.propose([UInt8(value)], at: leader) }
        group.tick(times: 2)
        let metadata = try #require(group[leader].snapshotMetadata(through: group[leader].log.applied))
        group.compact(through: metadata, at: leader)
        group.tick(times: 2)
        #expect(group.installedSnapshots.isEmpty, "nobody needed the snapshot")
    }
}
