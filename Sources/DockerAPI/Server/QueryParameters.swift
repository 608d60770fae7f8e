import Foundation
import HTTPTypes
import Hummingbird
import SwarmState

/// Docker's query parameters: booleans as `1`/`true`, versions as integers, list filters as JSON.
struct QueryParameters {
    let request: Request

    /// A boolean flag; absent is false.
    func flag(_ name: String) throws -> Bool {
        guard let value = request.uri.queryParameters[name[...]].map(String.init) else { return false }
        switch value.lowercased() {
        case "", "0", "false": return false
        case "1", "true": return true
        default: throw DockerAPIError(.badRequest, "invalid value for query parameter \(name): \"\(value.prefix(40))\" (use 1 or 0)")
        }
    }

    /// A value of `Choice`, by its raw value; absent is `default`.
    func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, default: Choice) throws -> Choice where Choice.RawValue == String {
        guard let value = request.uri.queryParameters[name[...]].map(String.init) else { return `default` }
        guard let choice = Choice(rawValue: value) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw DockerAPIError(.badRequest, "invalid value for query parameter \(name): \"\(value.prefix(40))\" (use one of: \(allowed))")
        }
        return choice
    }

    /// The `version` an update names (the object version the caller read).
    func version(of kind: ObjectKind) throws -> ObjectVersion {
        let raw = request.uri.queryParameters["version"].map(String.init) ?? ""
        guard let index = UInt64(raw) else {
            throw DockerAPIError(.badRequest, "invalid \(kind) version '\(raw.prefix(40))', expected an integer")
        }
        return ObjectVersion(index: index)
    }

    /// `filters={"name":{"x":true},…}` (or the older `{"name":["x"]}`), as values per field.
    func filters(allowed: Set<String>) throws -> ListFilters {
        guard let raw = request.uri.queryParameters["filters"].map(String.init), !raw.isEmpty else { return ListFilters(values: [:]) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any] else {
            throw DockerAPIError(.badRequest, "invalid filter: filters must be a JSON object such as {\"name\":{\"web\":true}}")
        }
        var values: [String: [String]] = [:]
        for (field, value) in object {
            guard allowed.contains(field) else {
                throw DockerAPIError(.badRequest, "invalid filter '\(field.prefix(40))' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            if let map = value as? [String: Bool] {
                values[field] = map.filter(\.value).map(\.key)
            } else if let list = value as? [String] {
                values[field] = list
            } else {
                throw DockerAPIError(.badRequest, "invalid filter '\(field.prefix(40))': its value must be {\"x\":true} or [\"x\"]")
            }
        }
        return ListFilters(values: values)
    }
}

/// Parsed list filters: an object passes when, for every filtered field, one value matches.
struct ListFilters {
    let values: [String: [String]]

    /// The values given for `field` (none when it is not filtered).
    func wanted(_ field: String) -> [String] {
        values[field] ?? []
    }

    func matches(_ field: String, _ test: (String) -> Bool) -> Bool {
        guard let wanted = values[field], !wanted.isEmpty else { return true }
        return wanted.contains(where: test)
    }

    /// `label=key` or `label=key=value` against `labels`.
    func matchesLabels(_ labels: Labels) -> Bool {
        matches("label") { filter in
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            guard let key = parts.first, let value = labels[key] else { return false }
            return parts.count == 1 || parts[1] == value
        }
    }
}
