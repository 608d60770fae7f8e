public import DockerAPI
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Backups are background work: the CPU they need (encoding, compressing and sealing the image
/// on the manager; hashing, writing and verifying in `swarm-backup`) must not be taken from the
/// managers serving writes. Linux schedules threads, so this work runs on threads under the
/// SCHED_IDLE policy: they run on CPU time nothing else wants, and any other thread that wakes
/// up preempts them at once. A lowered nice value was not enough: writes kept 64–77% of their
/// rate during back-to-back backups with nice 10, 80–86% with SCHED_IDLE (Docs/benchmarks.md).
public enum BackgroundPriority {
    /// Runs `work` on a thread of its own, at `priority`, and returns its result. Threads the
    /// work starts (zstd's workers) inherit its policy.
    public static func run<Result: Sendable>(at priority: BackupPriority, _ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                if priority == .background { useIdleScheduling(thread: 0) }
                continuation.resume(returning: work())
            }
            thread.name = "swarmd-backup"
            thread.start()
        }
    }

    /// Puts every thread of this process under SCHED_IDLE (threads started later inherit it
    /// from the thread that starts them). Errors are ignored: the work runs either way.
    public static func lowerThisProcess() {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for thread in threads.compactMap({ pid_t($0) }) { useIdleScheduling(thread: thread) }
    }

    /// Linux's SCHED_IDLE (5: glibc names it only under _GNU_SOURCE) for `thread`, 0 being the
    /// calling one. Leaving it again would take a privilege: the policy is for threads and
    /// processes that do nothing else.
    private static func useIdleScheduling(thread: pid_t) {
        var parameters = sched_param(sched_priority: 0)
        _ = sched_setscheduler(thread, 5, &parameters)
    }
}
