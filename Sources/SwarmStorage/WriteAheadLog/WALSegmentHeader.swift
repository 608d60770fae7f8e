/// The plaintext payload of a segment's first record: what the segment is, independent of its
/// file name (which could be renamed by hand).
///
///     0               8          12         16             24               32
///     +---------------+----------+----------+--------------+----------------+
///     | "SWMWAL\0\1"  | version  | 0 (u32)  | sequence     | first index    |
///     +---------------+----------+----------+--------------+----------------+
struct WALSegmentHeader: Equatable {
    static let magic: [UInt8] = Array("SWMWAL".utf8) + [0, 1]
    static let formatVersion: UInt32 = 1
    static let byteCount = 32

    /// Position of the segment in the log, from 1.
    let sequence: UInt64
    /// The index the first entry written to this segment was to have.
    let firstIndex: UInt64

    func encoded() -> [UInt8] {
        Self.magic + StorageBytes.littleEndian(Self.formatVersion) + [0, 0, 0, 0]
            + StorageBytes.littleEndian(sequence) + StorageBytes.littleEndian(firstIndex)
    }

    /// Parses a segment header payload, or nil when it is not one this build wrote.
    init?(_ bytes: [UInt8]) {
        guard bytes.count == Self.byteCount, bytes.prefix(8).elementsEqual(Self.magic) else { return nil }
        guard StorageBytes.read(UInt32.self, from: bytes, at: 8) == Self.formatVersion else { return nil }
        self.sequence = StorageBytes.read(UInt64.self, from: bytes, at: 16)
        self.firstIndex = StorageBytes.read(UInt64.self, from: bytes, at: 24)
    }

    init(sequence: UInt64, firstIndex: UInt64) {
        self.sequence = sequence
        self.firstIndex = firstIndex
    }

    /// The file name of the segment: `%016x-%016x.wal` of sequence and first index.
    var fileName: String {
        StorageBytes.hex16(sequence) + "-" + StorageBytes.hex16(firstIndex) + ".wal"
    }

    /// The sequence and first index a segment file name states, or nil for other names.
    static func parse(fileName: String) -> (sequence: UInt64, firstIndex: UInt64)? {
        guard fileName.hasSuffix(".wal"), fileName.count == 16 + 1 + 16 + 4 else { return nil }
        let parts = fileName.dropLast(4).split(separator: "-")
        guard parts.count == 2, let sequence = UInt64(parts[0], radix: 16), let firstIndex = UInt64(parts[1], radix: 16) else {
            return nil
        }
        return (sequence, firstIndex)
    }
}
