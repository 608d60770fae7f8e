/// The kinds of object the store keeps, one table each.
public enum ObjectKind: String, Sendable, Codable, CaseIterable {
    case cluster, node, secret, config, service, task
}

/// An object the store keeps: identified, versioned, and optionally unique by name.
public protocol StoreObject: Hashable, Sendable, Codable {
    associatedtype Tag
    static var kind: ObjectKind { get }
    var id: ObjectID<Tag> { get }
    var meta: ObjectMeta { get set }
    /// The name no other object of the kind may have (compared case-insensitively), if any.
    var uniqueName: String? { get }
    /// The name an operator may use to refer to the object (unique or not).
    var referenceName: String { get }
    /// The secondary index keys the object is listed under (`Table.objects(indexedBy:)`): a
    /// node's role, later a task's node and service.
    var indexKeys: [String] { get }
}

extension StoreObject {
    public var indexKeys: [String] { [] }
}

/// A secret or a config: a named, labelled payload (the two differ in how the payload is kept).
public protocol DataObject: StoreObject {
    var spec: DataObjectSpec { get set }
}

extension DataObject {
    public var uniqueName: String? { spec.name }
    public var referenceName: String { spec.name }
}
