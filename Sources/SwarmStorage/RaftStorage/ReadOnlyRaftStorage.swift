public import RaftTypes
public import SwarmCrypto
public import SystemPackage

/// A manager's Raft storage read without changing a byte: no torn tail erased, no partial
/// snapshot deleted, no segment created. For a stopped node's directory (a cold backup) and for
/// rebuilding a node's storage beside the original (force-new-cluster), where the original must
/// stay as it was until the new one is complete.
public struct ReadOnlyRaftStorage: Sendable {
    /// The storage directory.
    public let directory: FilePath
    /// The data keys (opened with the unlock key when autolocked).
    public let keys: KeyStore
    /// The hard state the log holds: its commit index bounds what may be applied.
    public let hardState: HardState
    /// The log's first and last entries (first > last when it holds none).
    public let firstIndex: LogIndex
    public let lastIndex: LogIndex
    private let index: WALIndex
    private let segmentPaths: [UInt32: FilePath]

    /// Opens the storage in `directory`; `unlockKey` is required exactly when it is autolocked.
    ///
    /// - Throws: `.keys` (missing, locked, wrong key, damaged), `.log` (damage other than a torn
    ///   tail, which is left in place and ignored, as opening the log would erase it).
    public init(directory: FilePath, unlockKey: UnlockKey?) throws(RaftStorageError) {
        do {
            self.keys = try KeyStore.open(in: directory, unlockKey: unlockKey)
        } catch {
            throw .keys(error)
        }
        var recovery = WALRecovery(
            directory: directory.appending("wal"), keys: keys.ring, sealing: .encrypted, mode: .strict, segmentByteCount: 0,
            access: .readOnly
        )
        let outcome: WALRecovery.Outcome
        do {
            outcome = try recovery.recover()
        } catch {
            throw .log(error)
        }
        self.directory = directory
        self.index = outcome.index
        self.hardState = outcome.index.hardState
        self.firstIndex = outcome.index.firstIndex
        self.lastIndex = outcome.index.lastIndex
        self.segmentPaths = Dictionary(uniqueKeysWithValues: outcome.segments.map { (UInt32(truncatingIfNeeded: $0.sequence), $0.path) })
    }

    /// The term of the entry at `index`, also for the log's compaction point.
    public func term(at index: LogIndex) -> Term? {
        self.index.term(at: index)
    }

    /// The entries in `range`, read and authenticated.
    ///
    /// - Throws: `.unavailable` outside the log, `.corruptRecord` or `.authenticationFailed`.
    public func entries(in range: Range<LogIndex>) throws(WriteAheadLogError) -> [LogEntry] {
        guard range.lowerBound >= firstIndex, range.upperBound <= lastIndex.next else {
            throw .unavailable(range: range, firstIndex: firstIndex, lastIndex: lastIndex)
        }
        var reader = WALEntryReader(paths: segmentPaths, keys: keys.ring, sealing: .encrypted)
        defer { reader.close() }
        return try (range.lowerBound.rawValue..<range.upperBound.rawValue).map { (raw) throws(WriteAheadLogError) in
            let position = LogIndex(raw)
            guard let location = index.location(of: position) else {
                throw .unavailable(range: range, firstIndex: firstIndex, lastIndex: lastIndex)
            }
            return try reader.entry(at: position, location: location)
        }
    }

    /// The newest snapshot, if any.
    ///
    /// - Throws: `.badHeader` for a snapshot file whose header is damaged.
    public func latestSnapshot() throws(SnapshotStoreError) -> SnapshotMetadata? {
        try SnapshotStore.snapshots(in: directory.appending("snap")).map { (file) throws(SnapshotStoreError) in try file.header.get() }.max()
    }

    /// The whole contents of `snapshot`, authenticated chunk by chunk.
    public func contents(of snapshot: SnapshotMetadata) throws(SnapshotStoreError) -> [UInt8] {
        try SnapshotReader(path: snapshot.path, keys: keys.ring).readAll()
    }
}
