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

    func write(to writer: inout BinaryWriter) throws {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .signed(let value): writer.signed(value)
        case .unsigned(let value): writer.unsigned(value)
        case .double(let value): writer.double(value)
        case .string(let value): writer.string(value)
        case .keyed(let container):
            try writer.keyed(count: container.entries.count) { entries in
                for (key, value) in container.entries { try entries.entry(key) { try value.write(to: &$0) } }
            }
        case .unkeyed(let container):
            try writer.unkeyed(count: container.elements.count) { elements in
                for value in container.elements { try elements.element { try value.write(to: &$0) } }
            }
        case .deferred(let encoder): try encoder.value.write(to: &writer)
        case .direct(let value): try value.write(to: &writer)
        }
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
