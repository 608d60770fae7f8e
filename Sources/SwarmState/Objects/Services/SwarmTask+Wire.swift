public import Foundation

/// Tasks and their statuses as they travel between a manager's dispatcher and a node's agent:
/// the store's binary encoding (Docs/formats.md), which codes tasks directly; and as the agent
/// records them in its database: JSON, dates as seconds since 1970, readable with sqlite3.
extension SwarmTask {
    /// The task for the dispatcher's wire.
    public var wireBytes: [UInt8] { StoreCoding.encodeStoreValue(self) }

    /// The task a wire message carries.
    ///
    /// - Throws: `BinaryDecodingError` when the bytes are not a task.
    public init(wireBytes bytes: [UInt8]) throws {
        self = try StoreCoding.decode(SwarmTask.self, from: bytes)
    }

    /// The task as JSON for the agent's database.
    public var jsonRecord: [UInt8] { RecordJSON.encode(self) }

    /// The task a database record holds.
    ///
    /// - Throws: `DecodingError` when the bytes are not a task.
    public init(jsonRecord bytes: [UInt8]) throws {
        self = try RecordJSON.decode(SwarmTask.self, bytes)
    }
}

extension SwarmTask.Status {
    /// The status for the dispatcher's wire.
    public var wireBytes: [UInt8] { StoreCoding.encodeStoreValue(self) }

    /// The status a wire message carries.
    ///
    /// - Throws: `BinaryDecodingError` when the bytes are not a task status.
    public init(wireBytes bytes: [UInt8]) throws {
        self = try StoreCoding.decode(SwarmTask.Status.self, from: bytes)
    }

    /// The status as JSON for the agent's database.
    public var jsonRecord: [UInt8] { RecordJSON.encode(self) }

    /// The status a database record holds.
    ///
    /// - Throws: `DecodingError` when the bytes are not a task status.
    public init(jsonRecord bytes: [UInt8]) throws {
        self = try RecordJSON.decode(SwarmTask.Status.self, bytes)
    }
}

/// The one JSON coding of the agent's records.
private enum RecordJSON {
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
