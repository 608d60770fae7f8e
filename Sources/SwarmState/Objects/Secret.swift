public import Foundation

/// A secret: its payload is kept sealed with the cluster secrets key, so the store (its log,
/// snapshots and backups) never holds it in the clear, and no API returns it.
public struct Secret: DataObject {
    public static let kind = ObjectKind.secret

    public var id: SecretID
    public var meta: ObjectMeta
    public var spec: DataObjectSpec
    /// The payload, sealed (`AEAD` under the cluster secrets key, bound to the secret's ID).
    public var sealedData: Data

    public init(id: SecretID, meta: ObjectMeta, spec: DataObjectSpec, sealedData: Data) {
        self.id = id
        self.meta = meta
        self.spec = spec
        self.sealedData = sealedData
    }
}
