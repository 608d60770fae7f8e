import RaftTypes
import SwarmFileSystem
import SystemPackage

/// Writes one snapshot as a stream of sealed 1 MiB chunks, in constant memory, to
/// `<name>.partial`; `finish()` makes it durable and publishes it under its final name without
/// replacing anything, then applies the store's retention. A writer released unfinished removes
/// its partial file. Not thread-safe: one task owns a writer.
public final class SnapshotWriter {
    private let store: SnapshotStore
    private var sealer: SnapshotSealer
    private let metadata: SnapshotMetadata
    private let partialPath: FilePath
    private let descriptor: FileDescriptor
    private var plaintext: [UInt8] = []
    private var sealed: [UInt8]
    /// Bytes written to the partial file so far (header and chunk frames).
    private var fileByteCount: Int64
    private var isOpen = true
    private var isPartialRemoved = false

    init(store: SnapshotStore, index: LogIndex, term: Term, key: DataKey) throws(SnapshotStoreError) {
        let fileName = SnapshotFormat.fileName(index: index, term: term)
        let path = store.directory.appending(fileName)
        guard !FileSystemCalls.exists(path) else { throw .alreadyExists(path) }
        let partialPath = store.directory.appending(fileName + ".partial")
        // The store has one writer at a time: a partial file here is from a crash.
        try? FileSystemCalls.removeFile(partialPath)
        let sealer = SnapshotSealer(index: index, term: term, key: key)
        let header = sealer.header
        let descriptor = try snapshotFileSystem(FileSystemCalls.createExclusively(partialPath, permissions: [.ownerReadWrite]))
        self.store = store
        self.sealer = sealer
        self.metadata = SnapshotMetadata(index: index, term: term, keyID: key.id, path: path)
        self.partialPath = partialPath
        self.descriptor = descriptor
        self.fileByteCount = Int64(header.count)
        self.sealed = [UInt8](repeating: 0, count: SnapshotSealer.maximumFrameByteCount)
        plaintext.reserveCapacity(SnapshotFormat.chunkByteCount)
        try whileOpen { () throws(SnapshotStoreError) in
            try header.withUnsafeBytes { bytes in
                Result { () throws(SnapshotStoreError) in try snapshotFileSystem(FileSystemCalls.writeAll(descriptor, bytes, path: partialPath)) }
            }.get()
        }
    }

    deinit {
        if isOpen || !isPartialRemoved {
            try? descriptor.close()
        }
        if !isPartialRemoved { try? FileSystemCalls.removeFile(partialPath) }
    }

    /// Appends `bytes` to the snapshot.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotStoreError) {
        try whileOpen { () throws(SnapshotStoreError) in
            var remaining = bytes
            while !remaining.isEmpty {
                if plaintext.count == SnapshotFormat.chunkByteCount {
                    try sealChunk(isLast: false)
                }
                let take = min(remaining.count, SnapshotFormat.chunkByteCount - plaintext.count)
                plaintext.append(contentsOf: UnsafeRawBufferPointer(rebasing: remaining[..<take]))
                remaining = UnsafeRawBufferPointer(rebasing: remaining[take...])
            }
        }
    }

    /// Appends `bytes` to the snapshot.
    public func write(_ bytes: [UInt8]) throws(SnapshotStoreError) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SnapshotStoreError) in try write(buffer) }
        }.get()
    }

    /// Seals the last chunk, fsyncs, publishes the snapshot and fsyncs the directory, then
    /// deletes snapshots beyond the store's retention. Returns the new snapshot.
    public func finish() throws(SnapshotStoreError) -> SnapshotMetadata {
        try whileOpen { () throws(SnapshotStoreError) in
            try sealChunk(isLast: true)
            try snapshotFileSystem(FileSystemCalls.synchronize(descriptor, path: partialPath))
            isOpen = false
            try snapshotFileSystem(FileSystemCalls.close(descriptor, path: partialPath))
            do throws(FileSystemError) {
                try FileSystemCalls.hardLink(partialPath, to: metadata.path)
            } catch {
                throw error.errno == .fileExists ? .alreadyExists(metadata.path) : .fileSystem(error)
            }
            try snapshotFileSystem(FileSystemCalls.removeFile(partialPath))
            isPartialRemoved = true
            try snapshotFileSystem(FileSystemCalls.synchronizeDirectory(store.directory))
        }
        try store.applyRetention()
        return metadata
    }

    private func whileOpen(_ body: () throws(SnapshotStoreError) -> Void) throws(SnapshotStoreError) {
        guard isOpen else { throw .writerUnusable }
        do {
            try body()
        } catch {
            isOpen = false
            throw error
        }
    }

    /// Seals the buffered plaintext as the next chunk, writes its frame and starts writing it to
    /// the disk, so that the disk works while the next chunk is sealed instead of all at once in
    /// `finish()`'s fsync.
    private func sealChunk(isLast: Bool) throws(SnapshotStoreError) {
        let frameByteCount = plaintext.withUnsafeBytes { input in
            sealed.withUnsafeMutableBytes { output in sealer.sealChunk(input, isLast: isLast, into: output) }
        }
        try sealed.withUnsafeBytes { bytes in
            Result { () throws(SnapshotStoreError) in
                try snapshotFileSystem(
                    FileSystemCalls.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: bytes[..<frameByteCount]), path: partialPath)
                )
            }
        }.get()
        // Only a hint to the kernel: if it fails, `finish()`'s fsync writes the chunk and reports
        // any real I/O error.
        try? FileSystemCalls.startWriteback(descriptor, offset: fileByteCount, byteCount: Int64(frameByteCount), path: partialPath)
        fileByteCount += Int64(frameByteCount)
        plaintext.removeAll(keepingCapacity: true)
    }
}

/// Runs a file-system call, reporting its failure as `SnapshotStoreError.fileSystem`.
func snapshotFileSystem<Result>(_ call: @autoclosure () throws(FileSystemError) -> Result) throws(SnapshotStoreError) -> Result {
    do {
        return try call()
    } catch {
        throw .fileSystem(error)
    }
}
