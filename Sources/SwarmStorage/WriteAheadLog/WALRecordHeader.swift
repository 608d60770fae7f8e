/// The 32-byte header in front of every WAL record (integers little-endian):
///
///     0        4     5      6         8            16           24        28        32
///     +--------+-----+------+---------+------------+------------+---------+---------+---------
///     | length | type| kind | 0 (u16) | index (u64)| term (u64) | key id  | crc32c  | payload…
///     +--------+-----+------+---------+------------+------------+---------+---------+---------
///
/// `length` counts the payload; the record is padded with `0xA5` to a multiple of 16 bytes. No
/// 16-byte block of a written record is all zero, so an all-zero block marks a write that never
/// reached the disk: the header's blocks hold the type and the checksum, the envelope's first
/// block starts with its version byte, and every later block holds random bytes (ciphertext,
/// tag, and in the second block, beside the counter, two bytes of the random salt) or padding.
/// The CRC-32C covers bytes 0..<28, then the payload and padding. Bytes 0..<28 are also the AEAD associated data of the payload, binding
/// it to its type, index, term and key.
struct WALRecordHeader: Equatable {
    static let byteCount = 32
    static let alignment = 16
    static let paddingByte: UInt8 = 0xA5
    /// Bytes of the header covered by the checksum and the associated data.
    static let authenticatedByteCount = 28

    var payloadByteCount: UInt32
    var type: WALRecordType
    var entryKind: UInt8
    var index: UInt64
    var term: UInt64
    var keyID: UInt32

    /// Header plus payload plus padding.
    var recordByteCount: Int {
        Self.recordByteCount(payloadByteCount: Int(payloadByteCount))
    }

    static func recordByteCount(payloadByteCount: Int) -> Int {
        byteCount + (payloadByteCount + alignment - 1) / alignment * alignment
    }

    /// Writes bytes 0..<28 (the checksum is written by the caller once it is known).
    func write(into bytes: UnsafeMutableRawBufferPointer) {
        bytes.storeBytes(of: payloadByteCount.littleEndian, toByteOffset: 0, as: UInt32.self)
        bytes[4] = type.rawValue
        bytes[5] = entryKind
        bytes.storeBytes(of: UInt16(0), toByteOffset: 6, as: UInt16.self)
        bytes.storeBytes(of: index.littleEndian, toByteOffset: 8, as: UInt64.self)
        bytes.storeBytes(of: term.littleEndian, toByteOffset: 16, as: UInt64.self)
        bytes.storeBytes(of: keyID.littleEndian, toByteOffset: 24, as: UInt32.self)
    }

    /// Parses a header, or nil when its type is unknown or its reserved bytes are not zero.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= Self.byteCount,
            let type = WALRecordType(rawValue: bytes[4]),
            bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self) == 0
        else { return nil }
        self.payloadByteCount = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        self.type = type
        self.entryKind = bytes[5]
        self.index = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        self.term = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        self.keyID = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
    }

    init(payloadByteCount: UInt32, type: WALRecordType, entryKind: UInt8 = 0, index: UInt64, term: UInt64, keyID: UInt32) {
        self.payloadByteCount = payloadByteCount
        self.type = type
        self.entryKind = entryKind
        self.index = index
        self.term = term
        self.keyID = keyID
    }

    /// The stored checksum of the record whose header is `bytes`.
    static func storedChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: authenticatedByteCount, as: UInt32.self))
    }
}
