public import Foundation
public import SwarmState

extension ControlAPI {
    /// Every secret or config, in ID order.
    public func list<Object: ManagedDataObject>(_ type: Object.Type) -> [Object] {
        Object.table(in: store.current).all
    }

    /// The secret or config `reference` names.
    public func lookup<Object: ManagedDataObject>(_ type: Object.Type, _ reference: String) throws(ControlError) -> Object {
        try resolve(reference, in: Object.table(in: store.current))
    }

    /// Creates a secret or config holding `payload`.
    public func create<Object: ManagedDataObject>(_ type: Object.Type, spec: DataObjectSpec, payload: Data) async throws(ControlError) -> Object {
        try ObjectNameRule.validate(spec.name, of: Object.kind.rawValue)
        try LabelRule.validate(spec.labels)
        guard !payload.isEmpty, payload.count <= Object.payloadByteLimit else {
            throw ControlError(
                .invalidArgument,
                "\(Object.kind) data must be larger than 0 and less than \(Object.payloadByteLimit / 1024) KiB (it is \(payload.count) bytes)"
            )
        }
        let object = Object.make(id: .random(), meta: newMeta(), spec: spec, payload: payload, secretsKey: secretsKey)
        let version = try await write([.create(object.stored)])
        var created = object
        created.meta.version = version
        return created
    }

    /// Changes the labels of the secret or config read at `version` (Docker allows nothing else).
    public func update<Object: ManagedDataObject>(
        _ type: Object.Type, _ reference: String, version: ObjectVersion, spec: DataObjectSpec
    ) async throws(ControlError) {
        var object = try lookup(type, reference)
        guard spec.name == object.spec.name else {
            throw ControlError(.invalidArgument, "only updates to Labels are allowed: a \(Object.kind)'s name and data cannot change; create a new \(Object.kind)")
        }
        try LabelRule.validate(spec.labels)
        object.spec = spec
        object.meta.updatedAt = now()
        try await write([.update(object.stored, expected: version)])
    }

    /// Removes the secret or config `reference` names.
    public func remove<Object: ManagedDataObject>(_ type: Object.Type, _ reference: String) async throws(ControlError) {
        let object = try lookup(type, reference)
        try await write([.remove(Object.kind, id: object.id.rawValue)])
    }
}

/// Docker's rule for label keys: not empty.
enum LabelRule {
    static func validate(_ labels: Labels) throws(ControlError) {
        if labels.keys.contains(where: \.isEmpty) {
            throw ControlError(.invalidArgument, "a label key must not be empty")
        }
    }
}
