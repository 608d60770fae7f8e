import Foundation

/// A registry's `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` challenge: where to
/// get a token, and for what.
struct BearerChallenge: Equatable {
    /// The token service's URL.
    let realm: String
    let service: String?
    let scope: String?

    /// The challenge in the header value `header`, or nil if it is not a bearer challenge with a realm.
    init?(header: String) {
        let trimmed = header.drop { $0 == " " }
        guard let space = trimmed.firstIndex(of: " "), trimmed[..<space].lowercased() == "bearer" else { return nil }
        let parameters = Self.parameters(trimmed[trimmed.index(after: space)...])
        guard let realm = parameters["realm"], !realm.isEmpty else { return nil }
        self.realm = realm
        service = parameters["service"]
        scope = parameters["scope"]
    }

    private static let separators = CharacterSet(charactersIn: " ,")

    /// `key=value` pairs separated by commas; values may be quoted, with `\` escaping.
    private static func parameters(_ text: Substring) -> [String: String] {
        var parameters: [String: String] = [:]
        var rest = text[...]
        // Each round consumes at least one character, so this ends.
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].trimmingCharacters(in: Self.separators).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var isEscaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if isEscaped {
                        value.append(character)
                        isEscaped = false
                    } else if character == "\\" {
                        isEscaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[key] = value
            rest = rest.drop { $0 == "," || $0 == " " }
        }
        return parameters
    }
}
