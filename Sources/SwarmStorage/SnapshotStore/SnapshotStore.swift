public import RaftTypes
import SwarmFileSystem
public import SystemPackage

/// Raft snapshots on disk: each a file `%016x-%016x.snap` (term, index) of encrypted chunks
/// (format in `SnapshotFormat`, Docs/storage.md), written atomically and kept up to `retention`
/// newest. Opening the store removes partial files left by a crash. Thread-safe for listing
/// and reading; one writer at a time.
public final class SnapshotStore: Sendable {
    /// The directory holding the snapshots.
    public let directory: FilePath
    /// How many snapshots are kept (the newest); older ones are deleted after each write.
    public let retention: Int

    /// Opens (or creates) the store in `directory`.
    public init(directory: FilePath, retention: Int = 2) throws(SnapshotStoreError) {
        precondition(retention >= 1, "a snapshot store keeps at least one snapshot")
        self.directory = directory
        self.retention = retention
        try snapshotFileSystem(FileSystemCalls.makeDirectoryIfMissing(directory, permissions: .ownerReadWriteExecute))
        let partials = try snapshotFileSystem(FileSystemCalls.sortedNames(in: directory)).filter { $0.hasSuffix(".snap.partial") }
        for name in partials {
            try snapshotFileSystem(FileSystemCalls.removeFile(directory.appending(name)))
        }
        if !partials.isEmpty { try snapshotFileSystem(FileSystemCalls.synchronizeDirectory(directory)) }
    }

    /// The stored snapshots, oldest first, as their headers describe them.
    ///
    /// - Throws: `.badHeader` for a snapshot file whose header is damaged.
    public func snapshots() throws(SnapshotStoreError) -> [SnapshotMetadata] {
        try Self.snapshots(in: directory).map { (file) throws(SnapshotStoreError) in try file.header.get() }.sorted()
    }

    /// Every snapshot file in `directory` (by name) and its header, or why it cannot be read,
    /// without changing anything (for `swarmd storage inspect`).
    public static func snapshots(
        in directory: FilePath
    ) throws(SnapshotStoreError) -> [(name: String, header: Result<SnapshotMetadata, SnapshotStoreError>)] {
        guard FileSystemCalls.exists(directory) else { return [] }
        return try snapshotFileSystem(FileSystemCalls.sortedNames(in: directory))
            .filter { $0.hasSuffix(".snap") }
            .map { name in (name, Result { () throws(SnapshotStoreError) in try metadata(of: directory.appending(name)) }) }
    }

    /// The newest snapshot, if any.
    public func latest() throws(SnapshotStoreError) -> SnapshotMetadata? {
        try snapshots().last
    }

    /// The ids of the data keys that sealed the kept snapshots.
    public func keyIDsInUse() throws(SnapshotStoreError) -> Set<DataKeyID> {
        Set(try snapshots().map(\.keyID))
    }

    /// Starts writing the snapshot of the log up to `index` (of `term`), sealed with `key`.
    public func writer(index: LogIndex, term: Term, key: DataKey) throws(SnapshotStoreError) -> SnapshotWriter {
        try SnapshotWriter(store: self, index: index, term: term, key: key)
    }

    /// Writes a whole snapshot from `contents` (chunks of any size) and returns it.
    public func write<Chunks: AsyncSequence>(
        index: LogIndex,
        term: Term,
        key: DataKey,
        contents: Chunks
    ) async throws -> SnapshotMetadata where Chunks.Element == [UInt8] {
        let writer = try writer(index: index, term: term, key: key)
        for try await chunk in contents {
            try writer.write(chunk)
        }
        return try writer.finish()
    }

    /// Opens `snapshot` for reading with the keys in `keys`.
    public func reader(for snapshot: SnapshotMetadata, keys: DataKeyRing) throws(SnapshotStoreError) -> SnapshotReader {
        try SnapshotReader(path: snapshot.path, keys: keys)
    }

    /// Deletes every snapshot that `shouldRemove` selects except the newest one.
    public func remove(where shouldRemove: (SnapshotMetadata) -> Bool) throws(SnapshotStoreError) {
        let doomed = try snapshots().dropLast().filter(shouldRemove)
        guard !doomed.isEmpty else { return }
        for snapshot in doomed {
            try snapshotFileSystem(FileSystemCalls.removeFile(snapshot.path))
        }
        try snapshotFileSystem(FileSystemCalls.synchronizeDirectory(directory))
    }

    /// Deletes all but the newest `retention` snapshots.
    func applyRetention() throws(SnapshotStoreError) {
        let kept = try snapshots()
        guard kept.count > retention else { return }
        for snapshot in kept.dropLast(retention) {
            try snapshotFileSystem(FileSystemCalls.removeFile(snapshot.path))
        }
        try snapshotFileSystem(FileSystemCalls.synchronizeDirectory(directory))
    }

    private static func metadata(of path: FilePath) throws(SnapshotStoreError) -> SnapshotMetadata {
        let descriptor = try snapshotFileSystem(FileSystemCalls.open(path, .readOnly, options: .noFollow))
        defer { try? descriptor.close() }
        var bytes = [UInt8](repeating: 0, count: SnapshotFormat.headerByteCount)
        let count = try bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(SnapshotStoreError) in try snapshotFileSystem(FileSystemCalls.read(descriptor, at: 0, into: buffer, path: path)) }
        }.get()
        guard count == bytes.count, let header = SnapshotFormat.Header(bytes) else { throw .badHeader(path) }
        return SnapshotMetadata(index: header.index, term: header.term, keyID: header.keyID, path: path)
    }
}
