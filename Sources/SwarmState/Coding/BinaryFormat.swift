/// The layout of the store's binary encoding (Docs/formats.md, "Store encoding"): every value
/// starts with one of these tags; containers hold their entries' values behind a 4-byte length,
/// so a reader finds any entry without decoding the ones before it.
enum BinaryTag: UInt8 {
    case null = 0
    case `false` = 1
    case `true` = 2
    /// A signed integer, zigzag LEB128.
    case signed = 3
    /// An unsigned integer, LEB128.
    case unsigned = 4
    /// A floating-point number: the 8 bytes of its `Double` bit pattern, little-endian.
    case double = 5
    /// A string: LEB128 byte count, then UTF-8.
    case string = 6
    /// Raw bytes (`Data`): LEB128 byte count, then the bytes.
    case bytes = 7
    /// A keyed container: LEB128 entry count, then per entry its key (as a string's count and
    /// UTF-8), a 4-byte little-endian value length and the value.
    case keyed = 8
    /// An unkeyed container: LEB128 element count, then per element a 4-byte length and the value.
    case unkeyed = 9
}

/// Why bytes could not be decoded as the type asked for. The reason names the coding path.
public struct BinaryDecodingError: Error, CustomStringConvertible {
    public let reason: String

    public var description: String { reason }
}

extension Array where Element == UInt8 {
    mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        append(UInt8(rest))
    }

    /// Appends room for a 4-byte length and returns where it goes.
    mutating func reserveLength() -> Int {
        append(contentsOf: [0, 0, 0, 0])
        return count - 4
    }

    /// Writes the number of bytes after the length reserved at `offset`.
    mutating func patchLength(at offset: Int) {
        let length = UInt32(count - offset - 4)
        for byte in 0..<4 { self[offset + byte] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(byte))) }
    }
}
