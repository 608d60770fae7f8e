import Foundation

/// What one Raft entry of the store holds: actions applied together, all or none. Encoded as
/// JSON (its layout is in Docs/formats.md).
public struct StoreTransaction: Sendable, Codable, Hashable {
    public var actions: [StoreAction]

    public init(_ actions: [StoreAction]) {
        self.actions = actions
    }

    public func encoded() -> [UInt8] {
        // Encoding plain Codable values into JSON cannot fail.
        (try? [UInt8](Self.encoder.encode(self))) ?? []
    }

    static func decode(_ bytes: [UInt8]) -> StoreTransaction? {
        try? JSONDecoder().decode(StoreTransaction.self, from: Data(bytes))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()
}

/// The reply to a committed transaction: the version it was applied at, or why it was not.
public enum StoreOutcome: Sendable, Codable, Hashable {
    case applied(ObjectVersion)
    case rejected(StoreConflict)

    func encoded() -> [UInt8] {
        (try? [UInt8](JSONEncoder().encode(self))) ?? []
    }

    static func decode(_ bytes: [UInt8]) -> StoreOutcome {
        (try? JSONDecoder().decode(StoreOutcome.self, from: Data(bytes))) ?? .rejected(.unreadableCommand)
    }
}
