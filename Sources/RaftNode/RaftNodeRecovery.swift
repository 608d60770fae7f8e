import Logging
import RaftCore
import RaftTypes
import SwarmStorage

/// Rebuilds a member from its storage at start: loads the state machine from the latest
/// snapshot, then hands the core the hard state and the log entries after the snapshot (the
/// core re-applies the committed ones). An empty storage with a founding group first gets the
/// bootstrap entries.
struct RaftNodeRecovery {
    let storage: RaftStorage
    let stateMachine: any RaftStateMachine
    let logger: Logger

    func restore(configuration: RaftConfiguration, bootstrap: Set<RaftMemberID>?) async throws(RaftNodeError) -> Raft {
        let snapshot = try loadLatestSnapshot()
        let log = storage.log
        if snapshot == nil, log.lastIndex == .zero, let founders = bootstrap {
            try await writeBootstrap(founders)
        }
        if let snapshot {
            do {
                if try await storage.alignLog(withSnapshotAt: snapshot.index, term: snapshot.term) {
                    logger.notice("the log did not continue the latest snapshot (a crash while installing it); aligned it")
                }
            } catch {
                throw .storage(error)
            }
        }
        let first = (snapshot?.index ?? .zero).next
        guard log.firstIndex <= first else {
            throw .badSnapshot(
                "the log starts at entry \(log.firstIndex), after the snapshot's last entry \(first.previous): entries are missing; restore this manager from a backup"
            )
        }
        let entries: [LogEntry]
        do {
            entries = first <= log.lastIndex ? try log.entries(in: first..<log.lastIndex.next) : []
        } catch {
            throw .storage(error)
        }
        return Raft(
            configuration: configuration,
            membership: RaftMembership(voters: []),
            hardState: log.hardState,
            snapshot: snapshot,
            entries: entries,
            randomSeed: UInt64.random(in: 0...UInt64.max)
        )
    }

    /// The founding group, written as the log's first entries: each founder added as a learner
    /// and promoted, in id order, committed in term 1. Every founder writes the same entries, so
    /// their logs agree, and a member added later learns the group by replaying the log.
    private func writeBootstrap(_ founders: Set<RaftMemberID>) async throws(RaftNodeError) {
        let changes = founders.sorted { $0.rawValue < $1.rawValue }.flatMap { [RaftMembershipChange.addLearner($0), .promote($0)] }
        let entries = changes.enumerated().map { offset, change in
            LogEntry(index: LogIndex(UInt64(offset) + 1), term: Term(1), kind: .configurationChange, data: change.encoded)
        }
        let hardState = HardState(term: Term(1), vote: nil, commit: LogIndex(UInt64(entries.count)))
        do {
            try await storage.log.append(entries: entries, hardState: hardState)
        } catch {
            throw .storage(error)
        }
    }

    private func loadLatestSnapshot() throws(RaftNodeError) -> RaftSnapshotMetadata? {
        let contents: [UInt8]
        let stored: SnapshotMetadata
        do {
            guard let latest = try storage.snapshots.latest() else { return nil }
            stored = latest
            contents = try storage.contents(of: latest)
        } catch {
            throw .storage(error)
        }
        let image = try SnapshotImage(decoding: contents)
        try stateMachine.restore(from: image, snapshotIndex: stored.index)
        return RaftSnapshotMetadata(index: stored.index, term: stored.term, membership: image.membership)
    }
}
