import Foundation

/// The fields a request body may have, to refuse unknown ones: a misspelt or unsupported field
/// gets a 400 that names it instead of being silently ignored.
indirect enum RequestFields {
    /// Any value (a leaf, or a map with free keys such as `Labels`).
    case value
    /// An object with exactly these fields (each optional).
    case object([String: RequestFields])

    /// The paths of fields in the value `decoder` holds that this schema does not know, such as
    /// `Spec.Raft.Tick` (read from the decoder's parsed JSON: the body is parsed once).
    func unknownPaths(in decoder: any Decoder, at path: String = "") -> [String] {
        guard case .object(let fields) = self, let object = try? decoder.container(keyedBy: FieldName.self) else { return [] }
        return object.allKeys.map(\.stringValue).sorted().flatMap { key -> [String] in
            let fieldPath = path.isEmpty ? key : "\(path).\(key)"
            guard let field = fields[key] else { return [fieldPath] }
            guard case .object = field, let nested = try? object.superDecoder(forKey: FieldName(key)) else { return [] }
            return field.unknownPaths(in: nested, at: fieldPath)
        }
    }

    /// An object whose fields are all plain values.
    static func values(_ names: String...) -> RequestFields {
        .object(Dictionary(uniqueKeysWithValues: names.map { ($0, .value) }))
    }
}

/// A request body decoded strictly: its schema lists every field it accepts.
protocol StrictRequestBody: Decodable {
    static var fields: RequestFields { get }
}

/// A strict body as JSON decodes it: refused with `UnknownFields` when it has fields its schema
/// does not list, before its own decoding runs.
struct StrictlyDecoded<Body: StrictRequestBody>: Decodable {
    let body: Body

    init(from decoder: any Decoder) throws {
        let unknown = Body.fields.unknownPaths(in: decoder)
        guard unknown.isEmpty else { throw UnknownFields(paths: unknown) }
        body = try Body(from: decoder)
    }
}

/// Fields of a request body that its schema does not list.
struct UnknownFields: Error {
    let paths: [String]
}

/// A JSON object's key, whatever it is.
private struct FieldName: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }
}
