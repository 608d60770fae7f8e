public import RaftTypes
import SwarmCrypto

/// Seals a snapshot's contents into the snapshot file format (`SnapshotFormat`): the header,
/// then one frame per chunk of at most `SnapshotFormat.chunkByteCount` plaintext bytes. Knows
/// nothing of files: the snapshot store writes its frames to disk, a hot backup streams them.
/// Not thread-safe: one task owns a sealer.
public struct SnapshotSealer {
    /// The snapshot's header bytes, which come first.
    public let header: [UInt8]
    private let key: DataKey
    private var chunkNumber: UInt64 = 0

    /// A sealer for the snapshot of the log up to `index` (of `term`), under `key`.
    public init(index: LogIndex, term: Term, key: DataKey) {
        self.header = SnapshotFormat.Header(
            chunkByteCount: UInt32(SnapshotFormat.chunkByteCount), index: index, term: term, keyID: key.id
        ).encoded()
        self.key = key
    }

    /// Bytes of the largest frame: what a caller's output buffer needs.
    public static let maximumFrameByteCount =
        SnapshotFormat.chunkFrameByteCount + AEAD.sealedByteCount(plaintextByteCount: SnapshotFormat.chunkByteCount)

    /// The size of the whole sealed snapshot (header and frames) of `contentByteCount` bytes.
    public static func sealedByteCount(contentByteCount: Int) -> Int {
        let fullChunks = contentByteCount / SnapshotFormat.chunkByteCount
        let rest = contentByteCount % SnapshotFormat.chunkByteCount
        // The last chunk is always written, even empty, to carry the last-chunk flag.
        let chunkCount = fullChunks + (rest > 0 || fullChunks == 0 ? 1 : 0)
        let overhead = SnapshotFormat.chunkFrameByteCount + AEAD.sealedByteCount(plaintextByteCount: 0)
        return SnapshotFormat.headerByteCount + chunkCount * overhead + contentByteCount
    }

    /// Seals `plaintext` (at most `SnapshotFormat.chunkByteCount` bytes) as the next chunk into
    /// the start of `output`; returns the frame's length.
    public mutating func sealChunk(_ plaintext: UnsafeRawBufferPointer, isLast: Bool, into output: UnsafeMutableRawBufferPointer) -> Int {
        precondition(plaintext.count <= SnapshotFormat.chunkByteCount, "SnapshotSealer: a chunk holds at most chunkByteCount bytes")
        let flags = isLast ? SnapshotFormat.lastChunkFlag : 0
        let associatedData = SnapshotFormat.associatedData(header: header, number: chunkNumber, flags: flags)
        let envelopeByteCount = AEAD.sealedByteCount(plaintextByteCount: plaintext.count)
        let frameByteCount = SnapshotFormat.chunkFrameByteCount + envelopeByteCount
        output.storeBytes(of: UInt32(envelopeByteCount).littleEndian, toByteOffset: 0, as: UInt32.self)
        output[4] = flags
        let envelope = UnsafeMutableRawBufferPointer(rebasing: output[SnapshotFormat.chunkFrameByteCount..<frameByteCount])
        associatedData.withUnsafeBytes { associated in
            AEAD.seal(plaintext, associatedData: associated, key: key.key, into: envelope)
        }
        chunkNumber += 1
        return frameByteCount
    }
}
