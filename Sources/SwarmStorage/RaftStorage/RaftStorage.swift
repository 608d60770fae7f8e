public import RaftTypes
public import SwarmCrypto
public import SystemPackage

/// A manager's Raft storage in one directory: `keys` (the key store), `wal/` (the write-ahead
/// log) and `snap/` (snapshots), opened together with one unlock key and kept consistent with
/// each other through snapshots and DEK rotations.
///
/// The log and snapshot store are used directly for appends and reads; this type adds what
/// needs all three: saving a snapshot (then compacting the log behind the oldest kept one) and
/// rotating the data key (Docs/storage.md, "Key lifecycle").
public final class RaftStorage: Sendable {
    /// The storage directory (e.g. `/var/lib/swarmd/raft`).
    public let directory: FilePath
    /// The data keys.
    public let keys: KeyStore
    /// The write-ahead log.
    public let log: WriteAheadLog
    /// The snapshots.
    public let snapshots: SnapshotStore

    /// Opens the storage in `directory`, creating it (with a new data key under `protection`)
    /// if it does not exist yet.
    ///
    /// - Parameter unlockKey: required when the key store is autolocked.
    public init(
        directory: FilePath,
        unlockKey: UnlockKey?,
        protectionIfNew: KeyProtection = .none,
        logOptions: WriteAheadLog.Options = WriteAheadLog.Options()
    ) throws(RaftStorageError) {
        let keys: KeyStore
        do {
            keys = KeyStore.exists(in: directory)
                ? try KeyStore.open(in: directory, unlockKey: unlockKey)
                : try KeyStore.create(in: directory, protection: protectionIfNew)
        } catch {
            throw .keys(error)
        }
        do {
            self.log = try WriteAheadLog(directory: directory.appending("wal"), keys: keys.ring, options: logOptions)
        } catch {
            throw .log(error)
        }
        do {
            self.snapshots = try SnapshotStore(directory: directory.appending("snap"))
        } catch {
            throw .snapshots(error)
        }
        self.directory = directory
        self.keys = keys
    }

    /// The data keys that sealed anything still kept (log segments and snapshots).
    public func keyIDsInUse() throws(RaftStorageError) -> Set<DataKeyID> {
        do {
            return log.keyIDsInUse.union(try snapshots.keyIDsInUse())
        } catch {
            throw .snapshots(error)
        }
    }

    /// Saves a snapshot of the state up to `index` (of `term`) from `contents`, sealed with the
    /// current data key; then compacts the log up to the oldest kept snapshot. During a DEK
    /// rotation only the new snapshot is kept, and the rotation finishes if nothing kept still
    /// needs the old key.
    public func saveSnapshot<Chunks: AsyncSequence>(index: LogIndex, term: Term, contents: Chunks) async throws -> SnapshotMetadata
    where Chunks.Element == [UInt8] {
        let ring = keys.ring
        let snapshot = try await snapshots.write(index: index, term: term, key: ring.current, contents: contents)
        if keys.isRotating {
            // As Swarm does when a rotation completes: keep only the newest snapshot, so that the
            // log is compacted up to it and every segment the old key sealed can go.
            try snapshots.remove(where: { _ in true })
        }
        if let oldest = try snapshots.snapshots().first {
            try await log.compact(through: oldest.index, term: oldest.term)
        }
        try finishRotationIfPossible()
        return snapshot
    }

    /// Installs a snapshot received from the leader, covering the state up to `index` (of
    /// `term`) beyond this member's log: saves it, keeps no older snapshot, and compacts the log
    /// through it, dropping any entry after it (the log then continues at `index + 1`). A crash
    /// part-way leaves a snapshot the log does not reach or contradicts:
    /// `alignLog(withSnapshotAt:term:)` finishes the job at the next start.
    public func installSnapshot<Chunks: AsyncSequence>(index: LogIndex, term: Term, contents: Chunks) async throws -> SnapshotMetadata
    where Chunks.Element == [UInt8] {
        // Entries after the snapshot come from a log that diverged from the leader's.
        if log.lastIndex > index { try await log.truncateSuffix(from: index.next) }
        let snapshot = try await snapshots.write(index: index, term: term, key: keys.ring.current, contents: contents)
        try snapshots.remove(where: { $0 != snapshot })
        try await log.compact(through: index, term: term)
        try finishRotationIfPossible()
        return snapshot
    }

    /// Makes the log continue the latest snapshot (`index`, `term`) when it does not: a crash
    /// part-way through `installSnapshot` can leave the log ending before the snapshot, or
    /// holding another history at its index. Drops the entries after the snapshot in the second
    /// case, then compacts through it. Returns whether anything changed.
    @discardableResult
    public func alignLog(withSnapshotAt index: LogIndex, term: Term) async throws -> Bool {
        guard log.term(at: index) != term else { return false }
        if log.lastIndex > index { try await log.truncateSuffix(from: index.next) }
        try await log.compact(through: index, term: term)
        return true
    }

    /// The reading of a whole snapshot, authenticated chunk by chunk with the data keys.
    public func contents(of snapshot: SnapshotMetadata) throws(SnapshotStoreError) -> [UInt8] {
        try snapshots.reader(for: snapshot, keys: keys.ring).readAll()
    }

    /// Starts a DEK rotation: a new data key seals everything from now on (the log starts a new
    /// segment under it). The rotation finishes on its own at the first snapshot after which
    /// nothing kept needs the old key.
    public func beginDataKeyRotation() async throws {
        let ring = try keys.beginRotation()
        log.useKeys(ring)
        try await log.startNewSegment()
    }

    /// Rewraps the data keys (autolock on, unlock-key rotation, autolock off).
    public func changeProtection(to protection: KeyProtection) throws(RaftStorageError) {
        do {
            try keys.changeProtection(to: protection)
        } catch {
            throw .keys(error)
        }
    }

    /// Closes the log.
    public func close() {
        log.close()
    }

    private func finishRotationIfPossible() throws {
        guard keys.isRotating else { return }
        let inUse = try keyIDsInUse()
        let ring = keys.ring
        guard ring.identifiers.subtracting([ring.current.id]).isDisjoint(with: inUse) else { return }
        let finished = try keys.finishRotation(keysStillInUse: inUse)
        log.useKeys(finished)
    }
}
