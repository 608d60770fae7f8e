import Glibc
import Synchronization

/// Children whose `SpawnedProcess` was released before anyone saw them exit. They are reaped
/// at the next spawn, so a long-running daemon collects no zombies.
enum OrphanReaper {
    private static let unreaped = Mutex<[pid_t]>([])

    /// Takes `pid` over from a released `SpawnedProcess`.
    static func adopt(_ pid: pid_t) {
        unreaped.withLock { $0.append(pid) }
    }

    /// Reaps every adopted child that has exited; keeps the others for later.
    static func sweep() {
        unreaped.withLock { pids in
            pids.removeAll { pid in
                var status: Int32 = 0
                return waitpid(pid, &status, WNOHANG) != 0
            }
        }
    }
}
