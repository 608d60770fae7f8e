import RaftTypes

/// The snapshot file format (Docs/storage.md):
///
///     header (48 bytes, integers little-endian)
///     0            8         12          16        24       32       36        44      48
///     +------------+---------+-----------+---------+--------+--------+---------+-------+
///     | "SWMSNAP\1" | version | chunk size| index   | term   | key id | 0 (8)   | crc32c|
///     +------------+---------+-----------+---------+--------+--------+---------+-------+
///     chunks, each: sealed length (u32) | flags (u8, bit 0 = last) | AEAD envelope
///
/// Each envelope seals up to `chunk size` bytes of the snapshot with associated data = header
/// bytes 0..<44, the chunk's number (u64) and its flags: chunks cannot be reordered, dropped,
/// moved to another snapshot, or the last one cut off, without failing authentication or
/// showing as truncation.
enum SnapshotFormat {
    static let magic: [UInt8] = Array("SWMSNAP".utf8) + [1]
    static let formatVersion: UInt32 = 1
    static let headerByteCount = 48
    static let authenticatedHeaderByteCount = 44
    static let chunkFrameByteCount = 5
    static let lastChunkFlag: UInt8 = 1
    /// Plaintext bytes per chunk: what bounds the memory of writing and reading.
    static let chunkByteCount = 1 << 20

    struct Header: Equatable {
        let chunkByteCount: UInt32
        let index: LogIndex
        let term: Term
        let keyID: DataKeyID

        func encoded() -> [UInt8] {
            var bytes = magic
            bytes += StorageBytes.littleEndian(formatVersion) + StorageBytes.littleEndian(chunkByteCount)
            bytes += StorageBytes.littleEndian(index.rawValue) + StorageBytes.littleEndian(term.rawValue)
            bytes += StorageBytes.littleEndian(keyID.rawValue) + [UInt8](repeating: 0, count: 8)
            bytes += StorageBytes.littleEndian(Checksum.of(bytes))
            return bytes
        }

        /// Parses a header, or nil when it is not one of this format (or is damaged).
        init?(_ bytes: [UInt8]) {
            guard bytes.count == headerByteCount, bytes.prefix(8).elementsEqual(magic) else { return nil }
            guard StorageBytes.read(UInt32.self, from: bytes, at: 44) == Checksum.of(Array(bytes[..<44])),
                StorageBytes.read(UInt32.self, from: bytes, at: 8) == formatVersion
            else { return nil }
            let chunkByteCount = StorageBytes.read(UInt32.self, from: bytes, at: 12)
            let keyID = StorageBytes.read(UInt32.self, from: bytes, at: 32)
            guard chunkByteCount > 0, chunkByteCount <= 16 << 20, keyID != 0 else { return nil }
            self.chunkByteCount = chunkByteCount
            self.index = LogIndex(StorageBytes.read(UInt64.self, from: bytes, at: 16))
            self.term = Term(StorageBytes.read(UInt64.self, from: bytes, at: 24))
            self.keyID = DataKeyID(rawValue: keyID)
        }

        init(chunkByteCount: UInt32, index: LogIndex, term: Term, keyID: DataKeyID) {
            self.chunkByteCount = chunkByteCount
            self.index = index
            self.term = term
            self.keyID = keyID
        }
    }

    /// The associated data of chunk `number`.
    static func associatedData(header: [UInt8], number: UInt64, flags: UInt8) -> [UInt8] {
        Array(header.prefix(authenticatedHeaderByteCount)) + StorageBytes.littleEndian(number) + [flags]
    }

    /// `%016x-%016x.snap` of term and index, as etcd names snapshots.
    static func fileName(index: LogIndex, term: Term) -> String {
        StorageBytes.hex16(term.rawValue) + "-" + StorageBytes.hex16(index.rawValue) + ".snap"
    }
}
