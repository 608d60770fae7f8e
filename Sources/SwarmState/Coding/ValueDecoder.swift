/// The `Decoder` one value decodes itself from; also its own single-value container. Errors name
/// the key or the expected type rather than a full coding path, which is not tracked.
final class ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: BinaryValueReader

    init(_ value: BinaryValueReader) {
        self.value = value
    }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try KeyedReader<Key>(value))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try UnkeyedReader(value)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try value.bool() }
    func decode(_ type: String.Type) throws -> String { try value.string() }
    func decode(_ type: Double.Type) throws -> Double { try value.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try value.double()) }
    func decode(_ type: Int.Type) throws -> Int { try value.integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try value.integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try value.integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try value.integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value.integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try value.integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value.integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value.integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value.integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value.integer(type) }
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try value.decode(type) }
}

/// A keyed container: its entries are located once, then found by key.
struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    private let fields: BinaryFields

    init(_ container: BinaryValueReader) throws {
        fields = try BinaryFields(container)
    }

    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { fields.find(key.stringValue) != nil }

    private func value(_ key: Key) throws -> BinaryValueReader { try fields.value(key.stringValue) }

    private func decoding<Value>(_ key: Key, _ read: (BinaryValueReader) throws -> Value) throws -> Value {
        try fields.reading(key.stringValue, read)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoding(key) { try $0.bool() } }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoding(key) { try $0.string() } }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoding(key) { try $0.double() } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoding(key) { Float(try $0.double()) } }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoding(key) { try $0.integer(type) } }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoding(key) { try $0.integer(type) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoding(key) { try $0.integer(type) } }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoding(key) { try $0.integer(type) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoding(key) { try $0.integer(type) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoding(key) { try $0.integer(type) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoding(key) { try $0.integer(type) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoding(key) { try $0.integer(type) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoding(key) { try $0.integer(type) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoding(key) { try $0.integer(type) } }
    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value { try decoding(key) { try $0.decode(type) } }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try decoding(key) { try KeyedReader<NestedKey>($0) })
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoding(key) { try UnkeyedReader($0) }
    }

    func superDecoder() throws -> any Decoder { ValueDecoder(try fields.value("super")) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ValueDecoder(try value(key)) }
}

/// An unkeyed container, read front to back.
struct UnkeyedReader: UnkeyedDecodingContainer {
    private var cursor: BinaryCursor
    let count: Int?
    private(set) var currentIndex = 0

    init(_ container: BinaryValueReader) throws {
        (cursor, count) = try container.contents(.unkeyed, "an unkeyed container")
    }

    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= count ?? 0 }

    private mutating func next() throws -> BinaryValueReader {
        guard !isAtEnd else { throw BinaryDecodingError(reason: "an unkeyed container has no element \(currentIndex)") }
        let element = try cursor.lengthPrefixed()
        currentIndex += 1
        return element
    }

    /// The next element, unless it is null (which is then consumed).
    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        var peek = cursor
        guard try peek.lengthPrefixed().isNull else { return false }
        _ = try next()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().bool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().double() }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try next().double()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().integer(type) }
    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try KeyedReader<NestedKey>(try next()))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try UnkeyedReader(try next())
    }

    mutating func superDecoder() throws -> any Decoder { ValueDecoder(try next()) }
}
