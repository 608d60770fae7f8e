import Foundation

/// The fields a request body may have, to refuse unknown ones: a misspelt or unsupported field
/// gets a 400 that names it instead of being silently ignored.
indirect enum RequestFields {
    /// Any value (a leaf, or a map with free keys such as `Labels`).
    case value
    /// An object with exactly these fields (each optional).
    case object([String: RequestFields])

    /// The paths of fields in `json` that this schema does not know, such as `Spec.Raft.Tick`.
    func unknownPaths(in json: Any, at path: String = "") -> [String] {
        guard case .object(let fields) = self, let object = json as? [String: Any] else { return [] }
        return object.keys.sorted().flatMap { key -> [String] in
            let fieldPath = path.isEmpty ? key : "\(path).\(key)"
            guard let field = fields[key] else { return [fieldPath] }
            return field.unknownPaths(in: object[key] as Any, at: fieldPath)
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
