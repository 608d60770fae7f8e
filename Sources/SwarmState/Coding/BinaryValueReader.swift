import Foundation

/// One encoded value inside the bytes being decoded: its tag, and where its payload lies.
/// Reading checks every length against the bytes, so damaged input throws and never reads
/// outside them.
struct BinaryValueReader {
    let buffer: UnsafeRawBufferPointer
    /// The value's bytes, tag first.
    let range: Range<Int>

    var tag: UInt8 { buffer[range.lowerBound] }
    var isNull: Bool { tag == BinaryTag.null.rawValue }

    init(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) throws {
        guard !range.isEmpty else { throw BinaryDecodingError(reason: "an encoded value is empty") }
        self.buffer = buffer
        self.range = range
    }

    func failure(_ expected: String) -> BinaryDecodingError {
        BinaryDecodingError(reason: "expected \(expected), found a value with tag \(tag)")
    }

    func bool() throws -> Bool {
        switch BinaryTag(rawValue: tag) {
        case .true: return true
        case .false: return false
        default: throw failure("a Bool")
        }
    }

    func integer<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
        var cursor = BinaryCursor(buffer, from: range.lowerBound + 1, to: range.upperBound)
        let converted: Integer?
        switch BinaryTag(rawValue: tag) {
        case .signed:
            let zigzag = try cursor.varint()
            converted = Integer(exactly: Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
        case .unsigned:
            converted = Integer(exactly: try cursor.varint())
        default:
            throw failure("an integer")
        }
        guard let converted else { throw failure("an integer that fits \(Integer.self)") }
        return converted
    }

    func double() throws -> Double {
        guard tag == BinaryTag.double.rawValue, range.count == 9 else { throw failure("a number") }
        var bits: UInt64 = 0
        for byte in 0..<8 { bits |= UInt64(buffer[range.lowerBound + 1 + byte]) << (8 * UInt64(byte)) }
        return Double(bitPattern: bits)
    }

    func string() throws -> String {
        guard tag == BinaryTag.string.rawValue else { throw failure("a string") }
        var cursor = BinaryCursor(buffer, from: range.lowerBound + 1, to: range.upperBound)
        return String(decoding: try cursor.counted(), as: UTF8.self)
    }

    func bytes() throws -> Data {
        guard tag == BinaryTag.bytes.rawValue else { throw failure("bytes") }
        var cursor = BinaryCursor(buffer, from: range.lowerBound + 1, to: range.upperBound)
        return Data(try cursor.counted())
    }

    /// The value as `Value`: through its own reader if it has one (`DirectlyCoded`: strings,
    /// bytes, dates and the store's objects), else through its `Decodable` conformance.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        if let direct = Value.self as? any DirectlyCoded.Type { return try direct.init(reading: self) as! Value }
        return try Value(from: ValueDecoder(self))
    }

    /// The value as `Value`, through its own reader.
    func decode<Value: DirectlyCoded>(_ type: Value.Type) throws -> Value {
        try Value(reading: self)
    }

    /// A container's entries (keyed) or elements (unkeyed): a cursor after its count, and the
    /// count, checked against the bytes so a damaged count cannot make a reader allocate wildly.
    func contents(_ container: BinaryTag, _ expected: String) throws -> (cursor: BinaryCursor, count: Int) {
        guard tag == container.rawValue else { throw failure(expected) }
        var cursor = BinaryCursor(buffer, from: range.lowerBound + 1, to: range.upperBound)
        let count = try cursor.varint()
        guard count <= UInt64(range.count) else { throw failure("\(expected) with a plausible count") }
        return (cursor, Int(count))
    }

    /// An unkeyed container's elements, in order.
    func elements() throws -> [BinaryValueReader] {
        var (cursor, count) = try contents(.unkeyed, "an unkeyed container")
        var elements: [BinaryValueReader] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try cursor.lengthPrefixed()) }
        return elements
    }
}

/// Reads LEB128 numbers, counted byte runs and 4-byte lengths, checking each against the end.
struct BinaryCursor {
    let buffer: UnsafeRawBufferPointer
    var offset: Int
    let end: Int

    init(_ buffer: UnsafeRawBufferPointer, from offset: Int, to end: Int) {
        self.buffer = buffer
        self.offset = offset
        self.end = end
    }

    var isAtEnd: Bool { offset >= end }

    mutating func byte() throws -> UInt8 {
        guard offset < end else { throw BinaryDecodingError(reason: "the encoded bytes end in the middle of a value") }
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: UInt64(0), to: 64, by: 7) {
            let next = try byte()
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
        }
        throw BinaryDecodingError(reason: "a number in the encoded bytes is longer than 64 bits")
    }

    /// A run of bytes whose LEB128 count comes first.
    mutating func counted() throws -> UnsafeRawBufferPointer {
        let count = try varint()
        return try take(count)
    }

    /// A value whose 4-byte little-endian length comes first.
    mutating func lengthPrefixed() throws -> BinaryValueReader {
        var length: UInt64 = 0
        for byte in 0..<4 { length |= UInt64(try self.byte()) << (8 * UInt64(byte)) }
        let start = offset
        _ = try take(length)
        return try BinaryValueReader(buffer, start..<offset)
    }

    private mutating func take(_ count: UInt64) throws -> UnsafeRawBufferPointer {
        guard count <= UInt64(end - offset) else { throw BinaryDecodingError(reason: "an encoded length (\(count)) runs past the end of the bytes") }
        defer { offset += Int(count) }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + Int(count)])
    }
}
