/// The `Encoder` one value encodes itself into. Coding paths are not tracked (nothing the store
/// encodes can fail), so `codingPath` is empty.
final class ValueEncoder: Encoder {
    /// What was encoded; an empty keyed container if nothing was (as JSON gives `{}`).
    private(set) var value = EncodedValue.keyed(KeyedEntries())
    private var isSet = false

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func set(_ newValue: EncodedValue) {
        value = newValue
        isSet = true
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if isSet, case .keyed(let entries) = value { return KeyedEncodingContainer(KeyedWriter(entries: entries)) }
        let entries = KeyedEntries()
        set(.keyed(entries))
        return KeyedEncodingContainer(KeyedWriter(entries: entries))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if isSet, case .unkeyed(let elements) = value { return UnkeyedWriter(elements: elements) }
        let elements = UnkeyedElements()
        set(.unkeyed(elements))
        return UnkeyedWriter(elements: elements)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueWriter(encoder: self)
    }
}

/// A keyed container writing into `entries`.
struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let entries: KeyedEntries
    var codingPath: [any CodingKey] { [] }

    private func add(_ value: EncodedValue, _ key: Key) { add(value, named: key.stringValue) }
    private func add(_ value: EncodedValue, named name: String) { entries.entries.append((name, value)) }

    mutating func encodeNil(forKey key: Key) throws { add(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { add(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { add(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { add(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { add(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { add(.integer(value), key) }
    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws { add(try .of(value), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = KeyedEntries()
        add(.keyed(nested), key)
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(entries: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = UnkeyedElements()
        add(.unkeyed(nested), key)
        return UnkeyedWriter(elements: nested)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let encoder = ValueEncoder()
        add(.deferred(encoder), named: name)
        return encoder
    }
}

/// An unkeyed container writing into `elements`.
struct UnkeyedWriter: UnkeyedEncodingContainer {
    let elements: UnkeyedElements
    var codingPath: [any CodingKey] { [] }
    var count: Int { elements.elements.count }

    private func add(_ value: EncodedValue) { elements.elements.append(value) }

    mutating func encodeNil() throws { add(.null) }
    mutating func encode(_ value: Bool) throws { add(.bool(value)) }
    mutating func encode(_ value: String) throws { add(.string(value)) }
    mutating func encode(_ value: Double) throws { add(.double(value)) }
    mutating func encode(_ value: Float) throws { add(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { add(.integer(value)) }
    mutating func encode(_ value: Int8) throws { add(.integer(value)) }
    mutating func encode(_ value: Int16) throws { add(.integer(value)) }
    mutating func encode(_ value: Int32) throws { add(.integer(value)) }
    mutating func encode(_ value: Int64) throws { add(.integer(value)) }
    mutating func encode(_ value: UInt) throws { add(.integer(value)) }
    mutating func encode(_ value: UInt8) throws { add(.integer(value)) }
    mutating func encode(_ value: UInt16) throws { add(.integer(value)) }
    mutating func encode(_ value: UInt32) throws { add(.integer(value)) }
    mutating func encode(_ value: UInt64) throws { add(.integer(value)) }
    mutating func encode<Value: Encodable>(_ value: Value) throws { add(try .of(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = KeyedEntries()
        add(.keyed(nested))
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(entries: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = UnkeyedElements()
        add(.unkeyed(nested))
        return UnkeyedWriter(elements: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = ValueEncoder()
        add(.deferred(encoder))
        return encoder
    }
}

/// A single-value container: sets its encoder's value.
struct SingleValueWriter: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.set(.null) }
    mutating func encode(_ value: Bool) throws { encoder.set(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.set(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.set(.double(value)) }
    mutating func encode(_ value: Float) throws { encoder.set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: Int8) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: Int16) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: Int32) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: Int64) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: UInt) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.set(.integer(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.set(.integer(value)) }
    mutating func encode<Value: Encodable>(_ value: Value) throws { encoder.set(try .of(value)) }
}
