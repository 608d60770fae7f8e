/// One table of the store: the objects of a kind by ID, with an index by unique name
/// (case-insensitive, as Docker's) and secondary indexes by the objects' `indexKeys`. Reads
/// resolve Docker's references: a full ID, a unique name, or an unambiguous ID prefix.
public struct Table<Object: StoreObject>: Sendable {
    public typealias ID = ObjectID<Object.Tag>

    private var objectsByID: [ID: Object] = [:]
    private var idsByName: [String: ID] = [:]
    private var idsByIndexKey: [String: Set<ID>] = [:]

    public init() {}

    /// Makes room for `count` objects (a table decoded from an image knows how many it holds).
    mutating func reserveCapacity(_ count: Int) {
        objectsByID.reserveCapacity(count)
        idsByName.reserveCapacity(count)
    }

    public var count: Int { objectsByID.count }

    /// Every object, in ID order.
    public var all: [Object] { objectsByID.values.sorted { $0.id < $1.id } }

    /// Every object, in no particular order (no sorting: for scans that do not need one).
    public var unordered: Dictionary<ID, Object>.Values { objectsByID.values }

    public subscript(id: ID) -> Object? { objectsByID[id] }

    /// The objects listed under secondary index key `key`, in ID order: as costly as there are
    /// such objects, however many the table holds.
    public func objects(indexedBy key: String) -> [Object] {
        (idsByIndexKey[key] ?? []).sorted().compactMap { objectsByID[$0] }
    }

    /// The objects listed under secondary index key `key`, in no particular order (no sorting:
    /// for hot paths that do not need one).
    public func unorderedObjects(indexedBy key: String) -> [Object] {
        (idsByIndexKey[key] ?? []).compactMap { objectsByID[$0] }
    }

    /// The object with unique name `name`, compared case-insensitively.
    public func object(named name: String) -> Object? {
        idsByName[name.lowercased()].flatMap { objectsByID[$0] }
    }

    /// The object `reference` names, trying, as Docker does: the full ID, then the name (for
    /// kinds without unique names, the one object that has it), then an ID prefix that only one
    /// object has.
    public func resolve(_ reference: String) -> Resolution {
        if let object = objectsByID[ID(rawValue: reference)] { return .found(object) }
        if let object = object(named: reference) { return .found(object) }
        guard !reference.isEmpty else { return .notFound }
        let named = objectsByID.values.filter { $0.referenceName == reference }
        if named.count > 1 { return .ambiguous }
        if let object = named.first { return .found(object) }
        let matches = objectsByID.values.filter { $0.id.rawValue.hasPrefix(reference) }
        switch matches.count {
        case 0: return .notFound
        case 1: return .found(matches[0])
        default: return .ambiguous
        }
    }

    /// How a reference resolved.
    public enum Resolution {
        case found(Object)
        case notFound
        case ambiguous
    }

    /// Whether `name` is taken by an object other than `id`.
    func isNameTaken(_ name: String, byOtherThan id: ID) -> Bool {
        guard let owner = idsByName[name.lowercased()] else { return false }
        return owner != id
    }

    /// Inserts or replaces `object`, keeping the indexes in step: a replaced object leaves
    /// and joins only the index entries that differ (a task's service index holds thousands).
    mutating func put(_ object: Object) {
        let newKeys = object.indexKeys
        var oldKeys: [String] = []
        if let old = objectsByID.updateValue(object, forKey: object.id) {
            if let name = old.uniqueName, name != object.uniqueName { idsByName[name.lowercased()] = nil }
            oldKeys = old.indexKeys
            for key in oldKeys where !newKeys.contains(key) { removeFromIndex(key, object.id) }
        }
        if let name = object.uniqueName {
            idsByName[name.lowercased()] = object.id
        }
        for key in newKeys where !oldKeys.contains(key) { idsByIndexKey[key, default: []].insert(object.id) }
    }

    mutating func remove(_ id: ID) {
        guard let old = objectsByID.removeValue(forKey: id) else { return }
        unindex(old)
    }

    private mutating func unindex(_ object: Object) {
        if let name = object.uniqueName {
            idsByName[name.lowercased()] = nil
        }
        for key in object.indexKeys { removeFromIndex(key, object.id) }
    }

    private mutating func removeFromIndex(_ key: String, _ id: ID) {
        idsByIndexKey[key]?.remove(id)
        if idsByIndexKey[key]?.isEmpty == true { idsByIndexKey[key] = nil }
    }
}

extension Table: Codable {
    public init(from decoder: any Decoder) throws {
        self.init()
        for object in try decoder.singleValueContainer().decode([Object].self) {
            put(object)
        }
    }

    /// The objects in no particular order (restoring rebuilds the indexes; sorting 10,000s of
    /// objects for every snapshot would cost as much as encoding them).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Array(unordered))
    }
}
