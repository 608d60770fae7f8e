/// What one Raft entry of the store holds: actions applied together, all or none. Encoded in the
/// store's binary encoding (`StoreCoding`, Docs/formats.md).
public struct StoreTransaction: Sendable, Codable, Hashable {
    public var actions: [StoreAction]

    public init(_ actions: [StoreAction]) {
        self.actions = actions
    }

    public func encoded() -> [UInt8] {
        StoreCoding.encodeStoreValue(self)
    }

    static func decode(_ bytes: [UInt8]) -> StoreTransaction? {
        try? StoreCoding.decode(StoreTransaction.self, from: bytes)
    }
}

/// The reply to a committed transaction: the version it was applied at, or why it was not.
public enum StoreOutcome: Sendable, Codable, Hashable {
    case applied(ObjectVersion)
    case rejected(StoreConflict)

    func encoded() -> [UInt8] {
        StoreCoding.encodeStoreValue(self)
    }

    static func decode(_ bytes: [UInt8]) -> StoreOutcome {
        (try? StoreCoding.decode(StoreOutcome.self, from: bytes)) ?? .rejected(.unreadableCommand)
    }
}
