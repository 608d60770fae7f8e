public import RaftTypes
public import SystemPackage

/// A manager's Raft storage read without changing a byte: no torn tail erased, no partial
/// snapshot deleted, no segment created. For a stopped node's directory (a cold backup) and for
/// rebuilding a node's storage beside the original (force-new-cluster), where the original must
/// stay as it was until the new one is complete.
public struct ReadOnlyRaftStorage: Sendable {
    /// The storage directory.
    public let directory: FilePath
    /// The data keys.
    public let keys: KeyStore
    private let index: WALIndex
    private let segmentPaths: [UInt32: FilePath]

    /// Reads the storage in `directory` with its data keys, `keys` (opened by the caller, with
    /// the unlock key when autolocked).
    ///
    /// - Throws: damage other than a torn tail (which is left in place and ignored, as opening
    ///   the log would erase it).
    public init(directory: FilePath, keys: KeyStore) throws(WriteAheadLogError) {
        var recovery = WALRecovery(
            directory: directory.appending("wal"), keys: keys.ring, sealing: .encrypted, mode: .strict, segmentByteCount: 0,
            access: .readOnly
        )
        let outcome = try recovery.recover()
        self.directory = directory
        self.keys = keys
        self.index = outcome.index
        self.segmentPaths = WALEntryReader.paths(of: outcome.segments)
    }

    /// The hard state the log holds: its commit index bounds what may be applied.
    public var hardState: HardState { index.hardState }
    /// The log's first and last entries (first > last when it holds none).
    public var firstIndex: LogIndex { index.firstIndex }
    public var lastIndex: LogIndex { index.lastIndex }

    /// The entries in `range`, read and authenticated.
    ///
    /// - Throws: `.unavailable` outside the log, `.corruptRecord` or `.authenticationFailed`.
    public func entries(in range: Range<LogIndex>) throws(WriteAheadLogError) -> [LogEntry] {
        try WALEntryReader.entries(from: range.lowerBound, at: try index.entryLocations(in: range), paths: segmentPaths, keys: keys.ring, sealing: .encrypted)
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
