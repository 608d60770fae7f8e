public import Foundation

/// A config: a named payload delivered to tasks, readable through the API.
public struct Config: DataObject {
    public static let kind = ObjectKind.config

    public var id: ConfigID
    public var meta: ObjectMeta
    public var spec: DataObjectSpec
    public var data: Data

    public init(id: ConfigID, meta: ObjectMeta, spec: DataObjectSpec, data: Data) {
        self.id = id
        self.meta = meta
        self.spec = spec
        self.data = data
    }
}
