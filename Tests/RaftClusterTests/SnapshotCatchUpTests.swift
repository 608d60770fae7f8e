import Foundation
import Testing

/// A member added to a group whose log was compacted into snapshots gets the snapshot, not
/// the entries, and ends up with the same state.
@Suite("Raft snapshot catch-up across processes", .serialized)
struct SnapshotCatchUpTests {
    static let snapshotEntries: UInt64 = 100_000
    static let writers = 64
    static let entriesPerRound = 8_192
    static let roundLimit = 25

    @Test("a new member catches up from a snapshot of 100,000 entries")
    func newMemberCatchesUpFromSnapshot() async throws {
        // Snapshots every MiB of log (about 26,000 of these entries), so that one lands soon
        // after entry 100,000.
        let cluster = try RaftKVCluster(capacity: 4, label: "catchup", extraArguments: ["--snapshot-bytes", "\(1 << 20)"])
        try cluster.bootstrap([1, 2, 3])
        let leader = try await cluster.waitForLeader()
        var written = 0
        var last: UInt64 = 0
        var snapshotIndex: UInt64 = 0
        for round in 0..<Self.roundLimit where snapshotIndex < Self.snapshotEntries {
            last = max(last, try await Self.write(round: round, cluster: cluster, via: leader))
            written += Self.entriesPerRound
            snapshotIndex = await cluster[leader].client.status()?["snapshot_index"] as? UInt64 ?? 0
        }
        try #require(snapshotIndex >= Self.snapshotEntries, "the leader's snapshot covers only \(snapshotIndex) entries after \(written) writes")
        // Bounds sized for the whole suite sharing two cores with debug builds (a follower may
        // trail the leader by tens of thousands of entries after the write rounds).
        try await cluster.waitUntilApplied(last, by: [1, 2, 3], timeout: .seconds(180))

        try cluster.start(4)
        guard case .ok = await cluster[leader].client.changeMembership("add", member: 4) else {
            Issue.record("adding member 4 was not confirmed")
            return
        }
        try await cluster.waitUntilApplied(last, by: [4], timeout: .seconds(240))
        let status = try #require(await cluster[4].client.status())
        #expect(status["snapshot_index"] as? UInt64 ?? 0 >= Self.snapshotEntries, "member 4 installed a snapshot instead of replaying entries")
        #expect(status["keys"] as? Int == written)
        guard case .ok(let value) = await cluster[4].client.get(key: "r0-w7-0") else {
            Issue.record("member 4 did not answer a read")
            return
        }
        #expect(value == "value-0")
    }

    /// Writes one round of distinct keys through `leader` with concurrent writers; returns the
    /// highest revision acknowledged.
    private static func write(round: Int, cluster: RaftKVCluster, via leader: UInt64) async throws -> UInt64 {
        let perWriter = entriesPerRound / writers
        return try await withThrowingTaskGroup(of: UInt64.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var revision: UInt64 = 0
                    for index in 0..<perWriter {
                        revision = max(revision, try await cluster.put("r\(round)-w\(writer)-\(index)", "value-\(index)", via: leader))
                    }
                    return revision
                }
            }
            return try await group.reduce(0, max)
        }
    }
}
