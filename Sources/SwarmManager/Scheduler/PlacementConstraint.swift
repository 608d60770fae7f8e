public import SwarmState
import Foundation

/// One placement constraint (`node.labels.zone==east`, `node.role!=manager`): Docker's keys,
/// `==` and `!=` only, values compared case-insensitively except labels' (as Swarm does).
public struct PlacementConstraint: Hashable, Sendable {
    /// What a constraint looks at.
    public enum Key: Hashable, Sendable {
        case nodeID, hostname, nodeIP, role, os, architecture
        case nodeLabel(String)
        case engineLabel(String)
    }

    public let key: Key
    public let expected: String
    /// `!=`: the node must not have the value.
    public let negated: Bool

    /// Parses `text`.
    ///
    /// - Throws: `ControlError.invalidArgument` naming the constraint and what is wrong with it.
    public init(parsing text: String) throws(ControlError) {
        let operators = [("==", false), ("!=", true)]
        guard let (symbol, negated) = operators.first(where: { text.contains($0.0) }),
            let range = text.range(of: symbol)
        else {
            throw Self.invalid(text, "it must be KEY==VALUE or KEY!=VALUE")
        }
        let keyText = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty, !value.contains("=") else { throw Self.invalid(text, "the value after \(symbol) must be one non-empty word") }
        guard let key = Self.key(keyText) else {
            throw Self.invalid(
                text,
                "unknown key \(keyText); use node.id, node.hostname, node.ip, node.role, node.platform.os, node.platform.arch, node.labels.NAME or engine.labels.NAME"
            )
        }
        self.key = key
        self.expected = value
        self.negated = negated
    }

    /// Parses every constraint of `placement`.
    public static func all(of placement: Placement?) throws(ControlError) -> [PlacementConstraint] {
        var parsed: [PlacementConstraint] = []
        for text in placement?.constraints ?? [] { parsed.append(try PlacementConstraint(parsing: text)) }
        return parsed
    }

    /// Whether `node` meets the constraint.
    public func isMet(by node: Node) -> Bool {
        let matches: Bool
        switch key {
        case .nodeID: matches = node.id.rawValue == expected
        case .hostname: matches = node.description.hostname.lowercased() == expected.lowercased()
        case .nodeIP: matches = node.status.address == expected
        case .role: matches = node.role.rawValue == expected.lowercased()
        case .os: matches = node.description.operatingSystem.lowercased() == expected.lowercased()
        case .architecture: matches = Self.architectureAliases(node.description.architecture).contains(expected.lowercased())
        case .nodeLabel(let name): matches = node.spec.labels[name] == expected
        case .engineLabel: matches = false
        }
        return matches != negated
    }

    private static func key(_ text: String) -> Key? {
        let lowered = text.lowercased()
        switch lowered {
        case "node.id": return .nodeID
        case "node.hostname": return .hostname
        case "node.ip": return .nodeIP
        case "node.role": return .role
        case "node.platform.os": return .os
        case "node.platform.arch": return .architecture
        default:
            for (prefix, make) in [("node.labels.", Key.nodeLabel), ("engine.labels.", Key.engineLabel)] where lowered.hasPrefix(prefix) {
                let name = String(text.dropFirst(prefix.count))
                return name.isEmpty ? nil : make(name)
            }
            return nil
        }
    }

    /// A node reports `x86_64`; operators write `amd64` or `x86_64` alike.
    private static func architectureAliases(_ reported: String) -> Set<String> {
        let lowered = reported.lowercased()
        switch lowered {
        case "x86_64", "amd64": return ["x86_64", "amd64"]
        case "aarch64", "arm64": return ["aarch64", "arm64"]
        default: return [lowered]
        }
    }

    private static func invalid(_ text: String, _ reason: String) -> ControlError {
        ControlError(.invalidArgument, "invalid placement constraint \"\(text.prefix(120))\": \(reason)")
    }
}
