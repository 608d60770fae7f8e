public import SwarmCrypto

/// Identifies a data encryption key (DEK) in every record it sealed, so a reader picks the right
/// key without trying each one. 0 is never a key: it marks the plaintext segment header.
public struct DataKeyID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// A fresh random identifier (never 0).
    public static func random() -> DataKeyID {
        DataKeyID(rawValue: UInt32.random(in: 1 ... .max))
    }

    public var description: String { String(rawValue, radix: 16) }
}

/// A data encryption key, its identifier, and the sealer WAL records are sealed with.
public struct DataKey: Sendable {
    public let id: DataKeyID
    public let key: SecretKey
    /// Seals WAL records under `key` (fresh salts per process; see `RecordSealer`).
    public let recordSealer: RecordSealer

    public init(id: DataKeyID, key: SecretKey) {
        precondition(id.rawValue != 0, "DataKeyID 0 is reserved for plaintext records")
        self.id = id
        self.key = key
        self.recordSealer = RecordSealer(key: key)
    }

    /// A new random key with a new random identifier.
    public static func generate() -> DataKey {
        DataKey(id: .random(), key: .random())
    }
}
