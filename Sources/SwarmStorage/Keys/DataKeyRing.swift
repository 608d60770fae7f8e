/// The data keys storage may use: `current` seals everything new; every key in the ring opens
/// what it sealed. During a DEK rotation the ring holds the old and the new key.
public struct DataKeyRing: Sendable {
    /// The key that seals new records and snapshots.
    public let current: DataKey
    private let keysByID: [DataKeyID: DataKey]

    /// A ring whose new data is sealed with `current` and that can also read data sealed with
    /// `readable` (older keys still needed by files on disk).
    public init(current: DataKey, readable: [DataKey] = []) {
        self.current = current
        var keys: [DataKeyID: DataKey] = [:]
        for key in readable { keys[key.id] = key }
        keys[current.id] = current
        self.keysByID = keys
    }

    /// The key with identifier `id`, if the ring holds it.
    public func key(for id: DataKeyID) -> DataKey? {
        keysByID[id]
    }

    /// Every key identifier in the ring.
    public var identifiers: Set<DataKeyID> { Set(keysByID.keys) }
}
