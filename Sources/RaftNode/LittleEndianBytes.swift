/// The little-endian integers of the node's small binary formats (proposal envelopes, snapshot
/// image headers).
extension Array where Element == UInt8 {
    mutating func appendLittleEndian<Integer: FixedWidthInteger>(_ value: Integer) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// The unsigned integer of `byteCount` bytes at `offset` (the caller checked the bounds).
    func littleEndianInteger(at offset: Int, byteCount: Int) -> UInt64 {
        self[offset..<offset + byteCount].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
