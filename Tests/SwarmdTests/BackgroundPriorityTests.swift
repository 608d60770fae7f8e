import DockerAPI
import Foundation
import SwarmNode
import SwarmTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Backup work runs under SCHED_IDLE by default, so that it never takes the CPU from the
/// managers serving writes; the caller's own thread keeps its policy; `normal` changes nothing.
@Suite struct BackgroundPriorityTests {
    /// SCHED_IDLE's number (glibc names it only under _GNU_SOURCE).
    static let idlePolicy: Int32 = 5

    @Test func backgroundWorkRunsUnderTheIdlePolicyAndTheCallerKeepsItsOwn() async {
        let before = sched_getscheduler(0)
        #expect(before != Self.idlePolicy)
        #expect(await BackgroundPriority.run(at: .background) { sched_getscheduler(0) } == Self.idlePolicy)
        #expect(await BackgroundPriority.run(at: .normal) { sched_getscheduler(0) } == before)
        #expect(sched_getscheduler(0) == before)
    }

    /// (The API's refusal is in BadInputTests.)
    @Test func swarmBackupRefusesAnUnknownPriority() throws {
        let refused = try BackupTools.backup(["--priority", "urgent", "--file", "/tmp/never-written.tar.zst"])
        #expect(refused.exitStatus == 64 && refused.standardError.contains("--priority"), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.tar.zst"))
    }
}
