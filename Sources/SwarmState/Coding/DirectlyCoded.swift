public import Foundation

/// A type that writes and reads the store encoding itself, instead of through `Codable`'s
/// dynamic containers: the bytes are the ones its `Codable` conformance gives
/// (StoreFormatTests pins them), at a fraction of the cost. The store's objects and
/// transactions are: every Raft entry, every follower's apply and every snapshot codes them.
protocol DirectlyCoded: Codable {
    func write(to writer: inout BinaryWriter) throws
    init(reading value: BinaryValueReader) throws
}

/// Bytes in the store encoding, written front to back (`BinaryTag`, Docs/formats.md).
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func null() { bytes.append(BinaryTag.null.rawValue) }

    mutating func bool(_ value: Bool) { bytes.append((value ? BinaryTag.true : .false).rawValue) }

    /// Zigzag LEB128, so small negative numbers stay short.
    mutating func signed(_ value: Int64) {
        bytes.append(BinaryTag.signed.rawValue)
        bytes.appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func string(_ value: String) {
        bytes.append(BinaryTag.string.rawValue)
        bytes.appendString(value)
    }

    mutating func unsigned(_ value: UInt64) {
        bytes.append(BinaryTag.unsigned.rawValue)
        bytes.appendVarint(value)
    }

    mutating func double(_ value: Double) {
        bytes.append(BinaryTag.double.rawValue)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func data(_ value: Data) {
        bytes.append(BinaryTag.bytes.rawValue)
        bytes.appendVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Any value: through its own writer if it has one, else through its `Encodable` conformance.
    mutating func value(_ value: some Encodable) throws {
        try EncodedValue.of(value).write(to: &self)
    }

    /// A keyed container of `count` entries, which `writeEntries` writes with `entry`.
    mutating func keyed(count: Int, _ writeEntries: (inout BinaryWriter) throws -> Void) rethrows {
        bytes.append(BinaryTag.keyed.rawValue)
        bytes.appendVarint(UInt64(count))
        try writeEntries(&self)
    }

    /// One entry of a keyed container: its key, then the value `writeValue` writes.
    mutating func entry(_ key: String, _ writeValue: (inout BinaryWriter) throws -> Void) rethrows {
        bytes.appendString(key)
        try element(writeValue)
    }

    /// One element of an unkeyed container (or an entry's value): its 4-byte length, then the
    /// value `writeValue` writes.
    mutating func element(_ writeValue: (inout BinaryWriter) throws -> Void) rethrows {
        let length = bytes.reserveLength()
        try writeValue(&self)
        bytes.patchLength(at: length)
    }

    mutating func entry(_ key: String, _ value: some DirectlyCoded) throws {
        try entry(key) { try value.write(to: &$0) }
    }

    mutating func entry(_ key: String, encodable value: some Encodable) throws {
        try entry(key) { try $0.value(value) }
    }

    /// An unkeyed container of `count` elements, which `writeElements` writes with `element`.
    mutating func unkeyed(count: Int, _ writeElements: (inout BinaryWriter) throws -> Void) rethrows {
        bytes.append(BinaryTag.unkeyed.rawValue)
        bytes.appendVarint(UInt64(count))
        try writeElements(&self)
    }

    /// An unkeyed container of `elements`.
    mutating func unkeyed<Elements: Collection>(_ elements: Elements) throws where Elements.Element: Encodable {
        try unkeyed(count: elements.count) { writer in
            for element in elements { try writer.element { try $0.value(element) } }
        }
    }

    /// A case of an enum as Swift's `Codable` encodes it: the case's name keying a container of
    /// its `count` associated values, which `writeValues` writes with `entry`.
    mutating func enumCase(_ name: String, values count: Int, _ writeValues: (inout BinaryWriter) throws -> Void) rethrows {
        try keyed(count: 1) { writer in
            try writer.entry(name) { try $0.keyed(count: count, writeValues) }
        }
    }
}

extension String: DirectlyCoded {
    func write(to writer: inout BinaryWriter) { writer.string(self) }
    init(reading value: BinaryValueReader) throws { self = try value.string() }
}

extension Data: DirectlyCoded {
    func write(to writer: inout BinaryWriter) { writer.data(self) }
    init(reading value: BinaryValueReader) throws { self = try value.bytes() }
}

/// A date is its `timeIntervalSinceReferenceDate`, bit for bit.
extension Date: DirectlyCoded {
    func write(to writer: inout BinaryWriter) { writer.double(timeIntervalSinceReferenceDate) }
    init(reading value: BinaryValueReader) throws { self.init(timeIntervalSinceReferenceDate: try value.double()) }
}

extension UInt64: DirectlyCoded {
    func write(to writer: inout BinaryWriter) { writer.unsigned(self) }
    init(reading value: BinaryValueReader) throws { self = try value.integer(UInt64.self) }
}
