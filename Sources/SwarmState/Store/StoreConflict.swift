/// Why a committed transaction was not applied (every manager reaches the same verdict, so the
/// store stays the same everywhere). Nothing of a rejected transaction is applied.
public enum StoreConflict: Error, Sendable, Codable, Hashable, CustomStringConvertible {
    case idTaken(ObjectKind, id: String)
    case nameTaken(ObjectKind, name: String)
    case notFound(ObjectKind, id: String)
    /// The object changed since the caller read it (Docker's "update out of sequence").
    case outOfSequence(ObjectKind, id: String)
    /// One transaction touched the same object twice.
    case repeatedObject(ObjectKind, id: String)
    /// The command is not a store transaction (written by something other than swarmd).
    case unreadableCommand

    public var description: String {
        switch self {
        case .idTaken(let kind, let id): "a \(kind) with ID \(id) already exists"
        case .nameTaken(let kind, let name): "a \(kind) named \(name) already exists; choose another name or remove it first"
        case .notFound(let kind, let id): "\(kind) \(id) not found"
        case .outOfSequence: "update out of sequence"
        case .repeatedObject(let kind, let id): "a transaction changed \(kind) \(id) twice"
        case .unreadableCommand: "a committed Raft entry is not a store transaction"
        }
    }
}
