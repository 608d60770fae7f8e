import Foundation
import Testing

/// A member added to a group whose log was compacted into snapshots gets the snapshot, not
/// the entries, and ends up with the same state.
@Suite("Raft snapshot catch-up across processes", .serialized)
struct SnapshotCatchUpTests {
    static let entryCount = 100_000
    static let writers = 64

    @Test("a new member catches up from a snapshot of 100,000 entries")
    func newMemberCatchesUpFromSnapshot() async throws {
        let cluster = try RaftKVCluster(capacity: 4, label: "catchup")
        try cluster.bootstrap([1, 2, 3])
        let leader = try await cluster.waitForLeader()
        let perWriter = (Self.entryCount + Self.writers - 1) / Self.writers
        let last = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for writer in 0..<Self.writers {
                group.addTask {
                    var revision: UInt64 = 0
                    for index in 0..<perWriter {
                        revision = max(revision, try await cluster.put("w\(writer)-\(index)", "value-\(index)", via: leader))
                    }
                    return revision
                }
            }
            return try await group.reduce(0, max)
        }
        try await cluster.waitUntilApplied(last, by: [1, 2, 3])
        let leaderStatus = try #require(await cluster[leader].client.status())
        #expect((leaderStatus["snapshot_index"] as? UInt64 ?? 0) >= 90_000, "the leader compacted its log into a snapshot")

        try cluster.start(4)
        guard case .ok = await cluster[leader].client.changeMembership("add", member: 4) else {
            Issue.record("adding member 4 was not confirmed")
            return
        }
        try await cluster.waitUntilApplied(last, by: [4], timeout: .seconds(120))
        let status = try #require(await cluster[4].client.status())
        #expect((status["snapshot_index"] as? UInt64 ?? 0) >= 90_000, "member 4 installed a snapshot instead of replaying entries")
        #expect(status["keys"] as? Int == perWriter * Self.writers)
        guard case .ok(let value) = await cluster[4].client.get(key: "w7-\(perWriter - 1)") else {
            Issue.record("member 4 did not answer a read")
            return
        }
        #expect(value == "value-\(perWriter - 1)")
    }
}
