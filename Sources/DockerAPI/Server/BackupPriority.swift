/// How a backup shares the CPU with the work of serving the swarm (`POST
/// /swarm/backup?priority=…`, `swarm-backup --priority`).
public enum BackupPriority: String, Sendable, CaseIterable {
    /// Only on CPU time nothing else wants (Linux's SCHED_IDLE): serving never waits for the
    /// backup, which on a saturated host waits instead. The default.
    case background
    /// Like any other work: for a host too busy for a background backup to finish in time.
    case normal
}
