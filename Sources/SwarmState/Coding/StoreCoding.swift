/// The coders of everything the store writes (transactions, outcomes, images): the store's
/// binary encoding (`BinaryTag`, Docs/formats.md) through the types' `Codable` conformances,
/// or their own writers and readers (`DirectlyCoded`).
/// Numbers, dates and payloads keep their exact bits, so every manager decodes what another
/// encoded to the same value.
public enum StoreCoding {
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        try encode(value, after: [])
    }

    /// `prefix`, then `value` encoded, written into one buffer (a large image is not copied
    /// behind its tag afterwards).
    static func encode(_ value: some Encodable, after prefix: [UInt8]) throws -> [UInt8] {
        var writer = BinaryWriter(bytes: prefix)
        try writer.value(value)
        return writer.bytes
    }

    /// `encode` for the store's own types, whose plain `Codable` conformances never throw.
    static func encodeStoreValue(_ value: some Encodable, after prefix: [UInt8] = []) -> [UInt8] {
        (try? encode(value, after: prefix)) ?? prefix
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: some Collection<UInt8>) throws -> Value {
        try Array(bytes).withUnsafeBytes { buffer in
            try BinaryValueReader(buffer, 0..<buffer.count).decode(type)
        }
    }
}
