/// A keyed container's entries, located once, then found by key: what `KeyedReader` and the
/// direct readers (`DirectlyCoded`) read fields from.
struct BinaryFields {
    /// Above this many entries (a large dictionary), keys are found through a hash index.
    private static var indexedAbove: Int { 16 }
    let entries: [(key: UnsafeRawBufferPointer, value: BinaryValueReader)]
    private let index: [String: Int]

    init(_ container: BinaryValueReader) throws {
        var (cursor, count) = try container.contents(.keyed, "a keyed container")
        var entries: [(key: UnsafeRawBufferPointer, value: BinaryValueReader)] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let key = try cursor.counted()
            entries.append((key, try cursor.lengthPrefixed()))
        }
        self.entries = entries
        index = entries.count > Self.indexedAbove
            ? Dictionary(entries.enumerated().map { (String(decoding: $1.key, as: UTF8.self), $0) }, uniquingKeysWith: { first, _ in first })
            : [:]
    }

    var keys: [String] { entries.map { String(decoding: $0.key, as: UTF8.self) } }

    func find(_ name: String) -> BinaryValueReader? {
        if entries.count > Self.indexedAbove { return index[name].map { entries[$0].value } }
        var name = name
        return name.withUTF8 { wanted in
            entries.first { $0.key.elementsEqual(UnsafeRawBufferPointer(wanted)) }?.value
        }
    }

    func value(_ name: String) throws -> BinaryValueReader {
        guard let value = find(name) else { throw BinaryDecodingError(reason: "no value for the key \"\(name)\"") }
        return value
    }

    /// Runs `read` on the value under `name`; a failure names the key.
    func reading<Value>(_ name: String, _ read: (BinaryValueReader) throws -> Value) throws -> Value {
        do {
            return try read(try value(name))
        } catch let error as BinaryDecodingError {
            throw BinaryDecodingError(reason: "\(name): \(error.reason)")
        }
    }

    func decode<Value: Decodable>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        try reading(name) { try $0.decode(type) }
    }

    func decode<Value: DirectlyCoded>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        try reading(name) { try Value(reading: $0) }
    }

    /// The one entry of an enum's container (Swift's `Codable` encodes a case as its name keying
    /// a container of the associated values), and that container's fields.
    func onlyCase(of type: String) throws -> (name: String, values: BinaryFields) {
        guard entries.count == 1, let key = entries.first?.key else {
            throw BinaryDecodingError(reason: "expected one case of \(type), found \(entries.count) entries")
        }
        let name = String(decoding: key, as: UTF8.self)
        return (name, try reading(name) { try BinaryFields($0) })
    }

    /// The error for a case name `type` does not have.
    static func unknownCase(_ name: String, of type: String) -> BinaryDecodingError {
        BinaryDecodingError(reason: "\(type) has no case \"\(name)\"")
    }
}
