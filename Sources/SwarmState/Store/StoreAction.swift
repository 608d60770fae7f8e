/// One change in a store transaction.
public enum StoreAction: Sendable, Codable, Hashable {
    /// Adds an object; fails if its ID or unique name is taken.
    case create(StoredObject)
    /// Replaces an object; fails unless it exists with version `expected` (what the caller read).
    case update(StoredObject, expected: ObjectVersion)
    /// Removes the object of `kind` with `id`; fails if it does not exist.
    case remove(ObjectKind, id: String)
}
