public import RaftNode
public import RaftTypes
import Synchronization
import Foundation

/// The replicated object store: every manager applies the same committed transactions in the
/// same order, so every manager holds the same tables. Reads see the locally applied state;
/// writes go through `write(_:)`, which proposes to Raft and reports how the transaction
/// applied.
public final class SwarmStore: RaftStateMachine {
    private let tables = Mutex(StoreTables())
    private let watchers = StoreWatchers()
    /// Transactions this manager proposed, until they apply: it applies its own without decoding
    /// them again.
    private let proposed = Mutex<[ProposedCommand: StoreTransaction]>([:])

    public init() {}

    /// Commits that touch any of `kinds`, from now on, as they apply (and snapshot restores,
    /// which touch every kind), until the stream is dropped. Other commits do not wake the
    /// watcher. A watcher that falls behind misses the oldest commits (it re-reads the store),
    /// unless it asks for `everyCommit`: then none is dropped, and it must keep up.
    public func commits(touching kinds: Set<ObjectKind>, everyCommit: Bool = false) -> AsyncStream<StoreCommit> {
        watchers.stream(of: kinds, everyCommit: everyCommit)
    }

    /// The tables as applied so far (an O(1) copy-on-write copy).
    public var current: StoreTables { tables.withLock { $0 } }

    /// Proposes `actions` as one transaction through `proposer` and returns the version it was
    /// applied at.
    ///
    /// - Throws: `StoreWriteError.conflict` when the transaction was rejected (nothing changed),
    ///   `.replication` when it could not be committed.
    public func write(_ actions: [StoreAction], through proposer: any Proposer) async throws(StoreWriteError) -> ObjectVersion {
        let transaction = StoreTransaction(actions)
        let command = ProposedCommand(bytes: transaction.encoded())
        proposed.withLock { $0[command] = transaction }
        defer { proposed.withLock { _ = $0.removeValue(forKey: command) } }
        let reply: [UInt8]
        do {
            reply = try await proposer.propose(command.bytes)
        } catch {
            throw .replication(error)
        }
        switch StoreOutcome.decode(reply) {
        case .applied(let version): return version
        case .rejected(let conflict): throw .conflict(conflict)
        }
    }

    // MARK: RaftStateMachine

    public func apply(_ command: [UInt8], at index: LogIndex) -> [UInt8] {
        let ownProposal = proposed.withLock { $0.removeValue(forKey: ProposedCommand(bytes: command)) }
        guard let transaction = ownProposal ?? StoreTransaction.decode(command) else { return StoreOutcome.rejected(.unreadableCommand).encoded() }
        let version = ObjectVersion(index: index.rawValue)
        do throws(StoreConflict) {
            try tables.withLock { tables throws(StoreConflict) in try tables.apply(transaction.actions, at: version) }
            let changes = Dictionary(grouping: transaction.actions.map(\.target), by: \.0).mapValues { $0.map(\.1) }
            watchers.publish(StoreCommit(version: version, kinds: Set(changes.keys), changes: changes))
            return StoreOutcome.applied(version).encoded()
        } catch {
            return StoreOutcome.rejected(error).encoded()
        }
    }

    public func freeze() -> any RaftStateMachineSnapshot {
        FrozenTables(tables: current)
    }

    public func restore(fromImage image: [UInt8]) throws {
        let restored = try StoreImage.decode(image)
        tables.withLock { $0 = restored }
        watchers.publish(StoreCommit(version: nil, kinds: Set(ObjectKind.allCases), changes: nil))
    }

    /// The tables at a snapshot's point, encoded when the snapshot is written.
    public struct FrozenTables: RaftStateMachineSnapshot {
        public let tables: StoreTables

        public func image() -> [UInt8] {
            StoreImage.encode(tables)
        }
    }
}

/// A proposed command's bytes as a dictionary key, hashed in one pass.
private struct ProposedCommand: Hashable, Sendable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// Why a store write did not take effect.
public enum StoreWriteError: Error, Sendable, CustomStringConvertible {
    case conflict(StoreConflict)
    case replication(ReplicationError)

    public var description: String {
        switch self {
        case .conflict(let conflict): "\(conflict)"
        case .replication(let error): "\(error)"
        }
    }
}
