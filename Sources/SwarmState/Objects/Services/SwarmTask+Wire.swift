public import Foundation

/// Tasks and their statuses as they travel between a manager's dispatcher and a node's agent:
/// JSON of their `Codable` conformances, dates as seconds since 1970.
extension SwarmTask {
    /// The task as JSON for the wire.
    public var wireJSON: [UInt8] { WireJSON.encode(self) }

    /// The task a wire message carries.
    ///
    /// - Throws: `DecodingError` when the bytes are not a task.
    public init(wireJSON bytes: [UInt8]) throws {
        self = try WireJSON.decode(SwarmTask.self, bytes)
    }
}

extension SwarmTask.Status {
    /// The status as JSON for the wire.
    public var wireJSON: [UInt8] { WireJSON.encode(self) }

    /// The status a wire message carries.
    ///
    /// - Throws: `DecodingError` when the bytes are not a task status.
    public init(wireJSON bytes: [UInt8]) throws {
        self = try WireJSON.decode(SwarmTask.Status.self, bytes)
    }
}

/// The one JSON coding of the dispatcher's wire.
private enum WireJSON {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        // Store objects are plain values: encoding them cannot fail.
        return Array((try? encoder.encode(value)) ?? Data())
    }

    static func decode<Value: Decodable>(_ type: Value.Type, _ bytes: [UInt8]) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(type, from: Data(bytes))
    }
}
