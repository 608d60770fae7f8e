import RaftCore
import RaftTypes

/// One member of a simulated group: its running state machine (nil while crashed), what it has
/// persisted (all that survives a crash), and the entries its state machine applied since it
/// last started.
struct SimulatedMember {
    let id: RaftMemberID
    var raft: Raft?
    var hardState = HardState.initial
    var persistedEntries: [LogEntry] = []
    var applied: [LogEntry] = []
    var restarts = 0

    /// Persists the records of `ready` in the order a write-ahead log writes them (entries, then
    /// the hard state); `recordLimit` keeps only a prefix of them, as a crash mid-write would.
    mutating func persist(_ ready: RaftReady, recordLimit: Int = .max) {
        var remaining = recordLimit
        for entry in ready.entries {
            guard remaining > 0 else { return }
            remaining -= 1
            let position = Int(entry.index.rawValue) - 1
            precondition(position <= persistedEntries.count, "simulation: a gap in persisted entries")
            persistedEntries.removeSubrange(position...)
            persistedEntries.append(entry)
        }
        if let state = ready.hardState, remaining > 0 {
            hardState = state
        }
    }

    /// Starts (again) from what was persisted, with the group as it was before any entry (there
    /// are no snapshots): replaying the committed entries brings the membership up to date.
    mutating func start(membership: RaftMembership, configuration: RaftConfiguration, seed: UInt64) {
        raft = Raft(
            configuration: configuration, membership: membership, hardState: hardState,
            entries: persistedEntries, randomSeed: seed &+ UInt64(restarts) &* 0x9E37_79B9
        )
        applied = []
        restarts += 1
    }
}
