import Foundation

/// The objects' direct writers and readers: the same entries, under the same keys, as their
/// synthesized `Codable` conformances (StoreFormatTests pins the bytes).
extension ObjectID: DirectlyCoded {
    func write(to writer: inout BinaryWriter) { writer.string(rawValue) }
    init(reading value: BinaryValueReader) throws { self.init(rawValue: try value.string()) }
}

extension ObjectVersion: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        try writer.keyed(count: 1) { try $0.entry("index", index) }
    }

    init(reading value: BinaryValueReader) throws {
        self.init(index: try BinaryFields(value).decode("index"))
    }
}

extension ObjectMeta: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        try writer.keyed(count: 3) {
            try $0.entry("version", version)
            try $0.entry("createdAt", createdAt)
            try $0.entry("updatedAt", updatedAt)
        }
    }

    init(reading value: BinaryValueReader) throws {
        let fields = try BinaryFields(value)
        self.init(createdAt: try fields.decode("createdAt"))
        version = try fields.decode("version")
        updatedAt = try fields.decode("updatedAt")
    }
}

extension DataObjectSpec: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        try writer.keyed(count: 2) {
            try $0.entry("name", name)
            $0.entry("labels") { writer in
                writer.keyed(count: labels.count) { entries in
                    for (key, value) in labels { entries.entry(key) { $0.string(value) } }
                }
            }
        }
    }

    init(reading value: BinaryValueReader) throws {
        let fields = try BinaryFields(value)
        let labels = try fields.reading("labels") { try BinaryFields($0) }
        self.init(
            name: try fields.decode("name"),
            labels: Dictionary(
                try labels.entries.map { (String(decoding: $0.key, as: UTF8.self), try $0.value.string()) }, uniquingKeysWith: { _, last in last }))
    }
}

/// Configs and secrets code the same four fields; only their payload's key differs.
protocol DirectlyCodedDataObject: DataObject, DirectlyCoded {
    static var payloadKey: String { get }
    var storedPayload: Data { get }
    init(id: ObjectID<Tag>, meta: ObjectMeta, spec: DataObjectSpec, storedPayload: Data)
}

extension DirectlyCodedDataObject {
    func write(to writer: inout BinaryWriter) throws {
        try writer.keyed(count: 4) {
            try $0.entry("id", id)
            try $0.entry("meta", meta)
            try $0.entry("spec", spec)
            try $0.entry(Self.payloadKey, storedPayload)
        }
    }

    init(reading value: BinaryValueReader) throws {
        let fields = try BinaryFields(value)
        self.init(
            id: try fields.decode("id"), meta: try fields.decode("meta"), spec: try fields.decode("spec"),
            storedPayload: try fields.decode(Self.payloadKey))
    }
}

extension Config: DirectlyCodedDataObject {
    static var payloadKey: String { "data" }
    var storedPayload: Data { data }

    init(id: ConfigID, meta: ObjectMeta, spec: DataObjectSpec, storedPayload: Data) {
        self.init(id: id, meta: meta, spec: spec, data: storedPayload)
    }
}

extension Secret: DirectlyCodedDataObject {
    static var payloadKey: String { "sealedData" }
    var storedPayload: Data { sealedData }

    init(id: SecretID, meta: ObjectMeta, spec: DataObjectSpec, storedPayload: Data) {
        self.init(id: id, meta: meta, spec: spec, sealedData: storedPayload)
    }
}
