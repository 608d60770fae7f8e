import Foundation
import SwarmNode
import SwarmTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Backup work runs at a raised nice value, so that it yields the CPU to the managers serving
/// writes; the caller's own priority is left alone, and nothing ever raises a priority.
@Suite struct BackgroundPriorityTests {
    private static func currentThreadNiceness() -> Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    @Test func backgroundWorkRunsAtItsNicenessAndTheCallerKeepsItsOwn() async {
        let before = Self.currentThreadNiceness()
        let inside = await BackgroundPriority.run(niceness: 7) { Self.currentThreadNiceness() }
        #expect(inside == max(7, before))
        #expect(Self.currentThreadNiceness() == before)
        let notRaised = await BackgroundPriority.run(niceness: 0) { Self.currentThreadNiceness() }
        #expect(notRaised == before, "a background thread is never given a higher priority than its creator's")
    }

    @Test func swarmBackupRefusesANicenessOutsideZeroToNineteen() throws {
        let refused = try BackupTools.backup(["--nice", "20", "--file", "/tmp/never-written.tar.zst"])
        #expect(refused.exitStatus == 64 && refused.standardError.contains("--nice"), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.tar.zst"))
    }
}
