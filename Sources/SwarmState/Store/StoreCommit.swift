/// A change watchers of the store see: a transaction that applied, or a snapshot that replaced
/// everything.
public struct StoreCommit: Sendable {
    /// The version the transaction applied at; nil for a snapshot restore.
    public let version: ObjectVersion?
    /// The kinds of object that may have changed.
    public let kinds: Set<ObjectKind>
}
