import Foundation

/// The JSON coders of everything the store writes (transactions, outcomes, images): times as
/// milliseconds since 1970, so every manager decodes what another encoded to the same value.
enum StoreCoding {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        // Encoding the store's plain Codable values into JSON cannot fail.
        return (try? [UInt8](encoder.encode(value))) ?? []
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: some Collection<UInt8>) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(type, from: Data(bytes))
    }
}
