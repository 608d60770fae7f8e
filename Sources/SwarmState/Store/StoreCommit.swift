/// A change watchers of the store see: a transaction that applied, or a snapshot that replaced
/// everything.
public struct StoreCommit: Sendable {
    /// The version the transaction applied at; nil for a snapshot restore.
    public let version: ObjectVersion?
    /// The kinds of object that may have changed.
    public let kinds: Set<ObjectKind>
    /// The IDs of the objects the transaction created, updated or removed, by kind; nil for a
    /// snapshot restore (anything may have changed).
    public let changes: [ObjectKind: [String]]?
}
