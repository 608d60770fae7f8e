import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Backups are background work: the CPU they need (encoding and sealing the image on the
/// manager, compressing, hashing and verifying in `swarm-backup`) must not be taken from the
/// managers serving writes. Linux schedules by thread, so this work runs on threads with a
/// raised nice value: when the CPU is busy the serving threads get about ten times its share,
/// when it is idle a backup runs at full speed (Docs/benchmarks.md has the effect on writes).
public enum BackgroundPriority {
    /// The nice value backup work runs at, by default.
    public static let defaultNiceness: Int32 = 10

    /// Runs `work` on a thread of its own at `niceness` and returns its result.
    public static func run<Result: Sendable>(niceness: Int32 = defaultNiceness, _ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                lowerCurrentThread(to: niceness)
                continuation.resume(returning: work())
            }
            thread.name = "swarmd-backup"
            thread.start()
        }
    }

    /// Lowers every thread of this process to `niceness` (threads started later inherit it
    /// from the thread that starts them). Never raises a priority; errors are ignored, as the
    /// work runs either way.
    public static func lowerThisProcess(to niceness: Int32 = defaultNiceness) {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for thread in threads.compactMap({ id_t($0) }) { lower(thread, to: niceness) }
    }

    /// Linux keeps a nice value per thread, and thread 0 is the calling one.
    private static func lowerCurrentThread(to niceness: Int32) {
        lower(0, to: niceness)
    }

    private static func lower(_ thread: id_t, to niceness: Int32) {
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread)
        guard errno == 0, current < niceness else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, niceness)
    }
}
