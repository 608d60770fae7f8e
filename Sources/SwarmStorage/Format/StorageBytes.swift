/// The byte order and file naming every storage format shares: fixed-width integers are
/// little-endian, and file names carry 64-bit numbers as 16 hex digits (`%016x`).
enum StorageBytes {
    /// `value`'s bytes, little-endian.
    static func littleEndian<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// The little-endian integer at `offset` of `bytes`, which must hold it.
    static func read<Value: FixedWidthInteger>(_: Value.Type, from bytes: [UInt8], at offset: Int) -> Value {
        precondition(offset >= 0 && offset + MemoryLayout<Value>.size <= bytes.count, "StorageBytes.read past the end")
        return bytes.withUnsafeBytes { Value(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Value.self)) }
    }

    /// `value` as 16 lower-case hex digits, zero-padded.
    static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
