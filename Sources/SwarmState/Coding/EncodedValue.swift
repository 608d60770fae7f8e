/// A value on its way to bytes. Containers are classes, so a nested container handed out
/// earlier still writes into the value it belongs to.
enum EncodedValue {
    case null
    case bool(Bool)
    case signed(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case keyed(KeyedEntries)
    case unkeyed(UnkeyedElements)
    /// What a super-encoder handed out holds once its user has encoded into it.
    case deferred(ValueEncoder)
    /// A value that writes itself.
    case direct(any DirectlyCoded)

    static func integer<Integer: BinaryInteger>(_ value: Integer) -> EncodedValue {
        Integer.isSigned ? .signed(Int64(value)) : .unsigned(UInt64(value))
    }

    /// `value` as a tree: a leaf if it writes itself (`DirectlyCoded`: strings, bytes, dates and
    /// the store's objects), else through its `Encodable` conformance.
    static func of<Value: Encodable>(_ value: Value) throws -> EncodedValue {
        if let direct = value as? any DirectlyCoded { return .direct(direct) }
        let encoder = ValueEncoder()
        try value.encode(to: encoder)
        return encoder.value
    }

    func write(into out: inout [UInt8]) throws {
        switch self {
        case .null: out.append(BinaryTag.null.rawValue)
        case .bool(let value): out.append((value ? BinaryTag.true : .false).rawValue)
        case .signed(let value):
            out.append(BinaryTag.signed.rawValue)
            out.appendVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
        case .unsigned(let value):
            out.append(BinaryTag.unsigned.rawValue)
            out.appendVarint(value)
        case .double(let value):
            out.append(BinaryTag.double.rawValue)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        case .string(let value):
            out.append(BinaryTag.string.rawValue)
            out.appendString(value)
        case .keyed(let container):
            out.append(BinaryTag.keyed.rawValue)
            out.appendVarint(UInt64(container.entries.count))
            for (key, value) in container.entries {
                out.appendString(key)
                try value.writeWithLength(into: &out)
            }
        case .unkeyed(let container):
            out.append(BinaryTag.unkeyed.rawValue)
            out.appendVarint(UInt64(container.elements.count))
            for value in container.elements { try value.writeWithLength(into: &out) }
        case .deferred(let encoder):
            try encoder.value.write(into: &out)
        case .direct(let value):
            var writer = BinaryWriter()
            swap(&writer.bytes, &out)
            defer { swap(&writer.bytes, &out) }
            try value.write(to: &writer)
        }
    }

    private func writeWithLength(into out: inout [UInt8]) throws {
        let length = out.reserveLength()
        try write(into: &out)
        out.patchLength(at: length)
    }
}

/// A keyed container's entries, in the order they were encoded.
final class KeyedEntries {
    var entries: [(key: String, value: EncodedValue)] = []
}

/// An unkeyed container's elements.
final class UnkeyedElements {
    var elements: [EncodedValue] = []
}

extension Array where Element == UInt8 {
    mutating func appendString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count))
            append(contentsOf: utf8)
        }
    }
}
