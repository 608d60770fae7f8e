import SwarmCrypto
import SwarmFileSystem
public import SystemPackage

/// Reads a snapshot chunk by chunk, authenticating each before returning it: constant memory,
/// and nothing unauthenticated ever reaches the caller. `nextChunk()` returns nil only after
/// the last chunk was verified and nothing follows it. Not thread-safe.
public final class SnapshotReader {
    /// The snapshot being read.
    public let metadata: SnapshotMetadata
    private let key: DataKey
    private let header: [UInt8]
    private let descriptor: FileDescriptor
    private let maximumEnvelopeByteCount: Int
    private var offset = Int64(SnapshotFormat.headerByteCount)
    private var chunkNumber: UInt64 = 0
    private var isFinished = false

    /// Opens the snapshot file at `path`, sealed with one of `keys`.
    public init(path: FilePath, keys: DataKeyRing) throws(SnapshotStoreError) {
        let descriptor = try snapshotFileSystem(FileSystemCalls.open(path, .readOnly, options: .noFollow))
        var headerBytes = [UInt8](repeating: 0, count: SnapshotFormat.headerByteCount)
        let count = try headerBytes.withUnsafeMutableBytes { bytes in
            Result { () throws(SnapshotStoreError) in try snapshotFileSystem(FileSystemCalls.read(descriptor, at: 0, into: bytes, path: path)) }
        }.get()
        guard count == headerBytes.count, let header = SnapshotFormat.Header(headerBytes) else {
            try? descriptor.close()
            throw .badHeader(path)
        }
        guard let key = keys.key(for: header.keyID) else {
            try? descriptor.close()
            throw .unknownKey(path, header.keyID)
        }
        self.metadata = SnapshotMetadata(index: header.index, term: header.term, keyID: header.keyID, path: path)
        self.key = key
        self.header = headerBytes
        self.descriptor = descriptor
        self.maximumEnvelopeByteCount = AEAD.sealedByteCount(plaintextByteCount: Int(header.chunkByteCount))
    }

    deinit {
        try? descriptor.close()
    }

    /// The next chunk of the snapshot, or nil at its verified end.
    ///
    /// - Throws: `.chunkAuthenticationFailed`, `.truncated`, `.dataAfterLastChunk`, `.fileSystem`.
    public func nextChunk() throws(SnapshotStoreError) -> [UInt8]? {
        guard !isFinished else { return nil }
        let path = metadata.path
        let frame = try read(count: SnapshotFormat.chunkFrameByteCount)
        guard frame.count == SnapshotFormat.chunkFrameByteCount else {
            throw .truncated(path, afterChunk: chunkNumber == 0 ? nil : chunkNumber - 1)
        }
        let envelopeByteCount = Int(StorageBytes.read(UInt32.self, from: frame, at: 0))
        let flags = frame[4]
        guard envelopeByteCount <= maximumEnvelopeByteCount, flags <= SnapshotFormat.lastChunkFlag,
            let plaintextByteCount = AEAD.openedByteCount(envelopeByteCount: envelopeByteCount)
        else {
            throw .chunkAuthenticationFailed(path, chunk: chunkNumber, offset: offset - Int64(frame.count))
        }
        let chunkOffset = offset - Int64(frame.count)
        let envelope = try read(count: envelopeByteCount)
        guard envelope.count == envelopeByteCount else {
            throw .truncated(path, afterChunk: chunkNumber == 0 ? nil : chunkNumber - 1)
        }
        let associatedData = SnapshotFormat.associatedData(header: header, number: chunkNumber, flags: flags)
        var plaintext = [UInt8](repeating: 0, count: plaintextByteCount)
        let opened = envelope.withUnsafeBytes { envelopeBytes in
            associatedData.withUnsafeBytes { associated in
                plaintext.withUnsafeMutableBytes { output in
                    (try? AEAD.open(envelopeBytes, associatedData: associated, key: key.key, into: output)) != nil
                }
            }
        }
        guard opened else { throw .chunkAuthenticationFailed(path, chunk: chunkNumber, offset: chunkOffset) }
        chunkNumber += 1
        if flags & SnapshotFormat.lastChunkFlag != 0 {
            guard try read(count: 1).isEmpty else { throw .dataAfterLastChunk(path, offset: offset - 1) }
            isFinished = true
        }
        return plaintext
    }

    /// Reads the whole snapshot into memory (small snapshots, tests).
    public func readAll() throws(SnapshotStoreError) -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try nextChunk() { bytes += chunk }
        return bytes
    }

    private func read(count: Int) throws(SnapshotStoreError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let (descriptor, offset, path) = (self.descriptor, self.offset, metadata.path)
        let filled = try bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(SnapshotStoreError) in try snapshotFileSystem(FileSystemCalls.read(descriptor, at: offset, into: buffer, path: path)) }
        }.get()
        self.offset += Int64(filled)
        return Array(bytes.prefix(filled))
    }
}
