import RaftCore
import RaftTypes

/// One member of a simulated group: its running state machine (nil while crashed), what it has
/// persisted (all that survives a crash: hard state, latest snapshot, entries after it), and its
/// state machine — the entries applied, from index 1 (a snapshot restores a prefix of them).
struct SimulatedMember {
    /// A snapshot as stored: what it covers, and the state machine through its index.
    struct StoredSnapshot {
        var metadata: RaftSnapshotMetadata
        var applied: [LogEntry]
    }

    let id: RaftMemberID
    var raft: Raft?
    var hardState = HardState.initial
    var snapshot: StoredSnapshot?
    var persistedEntries: [LogEntry] = []
    var applied: [LogEntry] = []
    /// A snapshot that arrived from a leader (its data beside the message) and is not yet
    /// installed: its metadata is in the member's next ready.
    var incomingSnapshot: StoredSnapshot?
    /// A ready persisted and sent but not yet applied and advanced: the member keeps stepping
    /// meanwhile, as a node that applies asynchronously does.
    var unappliedReady: RaftReady?
    var restarts = 0

    /// The committed entries from index 1 as far as this member knows them: its state machine,
    /// or an arrived snapshot not yet installed, whichever reaches further.
    var knownCommittedPrefix: [LogEntry] {
        guard let incomingSnapshot, incomingSnapshot.applied.count > applied.count else { return applied }
        return incomingSnapshot.applied
    }

    private var snapshotIndex: Int { Int(snapshot?.metadata.index.rawValue ?? 0) }

    /// Persists what `ready` asks in the order a node writes it (a received snapshot, then
    /// entries, then the hard state); `recordLimit` keeps only a prefix of the entries and hard
    /// state, as a crash mid-write would. `received` is the received snapshot's state machine.
    mutating func persist(_ ready: RaftReady, received: StoredSnapshot?, recordLimit: Int = .max) {
        if let received {
            snapshot = received
            persistedEntries = []
        }
        var remaining = recordLimit
        for entry in ready.entries {
            guard remaining > 0 else { return }
            remaining -= 1
            let position = Int(entry.index.rawValue) - snapshotIndex - 1
            precondition(position >= 0 && position <= persistedEntries.count, "simulation: a gap in persisted entries")
            persistedEntries.removeSubrange(position...)
            persistedEntries.append(entry)
        }
        if let state = ready.hardState, remaining > 0 {
            hardState = state
        }
    }

    /// Saves a snapshot of the state machine as it is and compacts the log behind it.
    mutating func takeSnapshot() {
        guard var raft, let metadata = raft.snapshotMetadata(through: raft.log.applied) else { return }
        snapshot = StoredSnapshot(metadata: metadata, applied: applied)
        persistedEntries.removeAll { $0.index <= metadata.index }
        raft.compact(through: metadata)
        self.raft = raft
    }

    /// Starts (again) from what was persisted: the group is the snapshot's (or the one before any
    /// entry) with the membership changes in the persisted log on top.
    mutating func start(membership: RaftMembership, configuration: RaftConfiguration, seed: UInt64) {
        raft = Raft(
            configuration: configuration, membership: membership, hardState: hardState, snapshot: snapshot?.metadata,
            entries: persistedEntries, randomSeed: seed &+ UInt64(restarts) &* 0x9E37_79B9
        )
        applied = snapshot?.applied ?? []
        incomingSnapshot = nil
        unappliedReady = nil
        restarts += 1
    }
}
