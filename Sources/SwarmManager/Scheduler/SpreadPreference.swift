public import SwarmState

/// A `spread=node.labels.NAME` placement preference: tasks are spread evenly over the label's
/// values (nodes without the label count as one more value).
public struct SpreadPreference: Hashable, Sendable {
    /// The node label spread over.
    public let labelName: String

    /// The preferences of `placement`, in order; invalid ones were refused when the service was
    /// stored, so they are skipped here.
    public static func all(of placement: Placement?) -> [SpreadPreference] {
        (placement?.preferences ?? []).compactMap { preference in
            preference.spread.flatMap { try? SpreadPreference(descriptor: $0.spreadDescriptor) }
        }
    }

    init(descriptor: String) throws(ControlError) {
        try Self.validate(descriptor)
        labelName = String(descriptor.dropFirst(Self.prefix.count))
    }

    /// The value `node` has for the label ("" when it has none).
    public func value(of node: Node) -> String {
        node.spec.labels[labelName] ?? ""
    }

    private static let prefix = "node.labels."

    static func validate(_ descriptor: String) throws(ControlError) {
        guard descriptor.lowercased().hasPrefix(prefix), descriptor.count > prefix.count else {
            throw ControlError(.invalidArgument, "invalid spread descriptor \"\(descriptor.prefix(120))\": it must be node.labels.NAME")
        }
    }
}
