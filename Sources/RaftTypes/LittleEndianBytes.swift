/// The little-endian integers of the Raft layers' small binary formats (membership changes,
/// proposal envelopes, snapshot image headers, state machine commands).
extension Array where Element == UInt8 {
    public mutating func appendLittleEndian<Integer: FixedWidthInteger>(_ value: Integer) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// The unsigned integer of `byteCount` bytes at `offset` (the caller checked the bounds).
    public func littleEndianInteger(at offset: Int, byteCount: Int) -> UInt64 {
        self[offset..<offset + byteCount].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
