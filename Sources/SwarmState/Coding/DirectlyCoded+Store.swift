/// The store's transactions, outcomes and tables written and read directly: the same entries,
/// under the same keys, as their synthesized `Codable` conformances (StoreFormatTests pins the
/// bytes). Nodes, clusters and conflicts, written rarely, go through `Codable`.
extension ObjectKind: DirectlyCoded {
    func write(to writer: inout BinaryWriter) { writer.string(rawValue) }

    init(reading value: BinaryValueReader) throws {
        let name = try value.string()
        guard let kind = ObjectKind(rawValue: name) else { throw BinaryFields.unknownCase(name, of: "ObjectKind") }
        self = kind
    }
}

extension StoredObject: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        switch self {
        case .cluster(let cluster): try writer.enumCase("cluster", values: 1) { try $0.entry("_0", encodable: cluster) }
        case .node(let node): try writer.enumCase("node", values: 1) { try $0.entry("_0", encodable: node) }
        case .secret(let secret): try writer.enumCase("secret", values: 1) { try $0.entry("_0", secret) }
        case .config(let config): try writer.enumCase("config", values: 1) { try $0.entry("_0", config) }
        case .service(let service): try writer.enumCase("service", values: 1) { try $0.entry("_0", encodable: service) }
        case .task(let task): try writer.enumCase("task", values: 1) { try $0.entry("_0", encodable: task) }
        }
    }

    init(reading value: BinaryValueReader) throws {
        let (name, values) = try BinaryFields(value).onlyCase(of: "StoredObject")
        switch name {
        case "cluster": self = .cluster(try values.decode("_0"))
        case "node": self = .node(try values.decode("_0"))
        case "secret": self = .secret(try values.decode("_0"))
        case "config": self = .config(try values.decode("_0"))
        case "service": self = .service(try values.decode("_0", as: Service.self))
        case "task": self = .task(try values.decode("_0", as: SwarmTask.self))
        default: throw BinaryFields.unknownCase(name, of: "StoredObject")
        }
    }
}

extension StoreAction: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        switch self {
        case .create(let object):
            try writer.enumCase("create", values: 1) { try $0.entry("_0", object) }
        case .update(let object, let expected):
            try writer.enumCase("update", values: 2) {
                try $0.entry("_0", object)
                try $0.entry("expected", expected)
            }
        case .remove(let kind, let id):
            try writer.enumCase("remove", values: 2) {
                try $0.entry("_0", kind)
                try $0.entry("id", id)
            }
        }
    }

    init(reading value: BinaryValueReader) throws {
        let (name, values) = try BinaryFields(value).onlyCase(of: "StoreAction")
        switch name {
        case "create": self = .create(try values.decode("_0"))
        case "update": self = .update(try values.decode("_0"), expected: try values.decode("expected"))
        case "remove": self = .remove(try values.decode("_0"), id: try values.decode("id"))
        default: throw BinaryFields.unknownCase(name, of: "StoreAction")
        }
    }
}

extension StoreTransaction: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        try writer.keyed(count: 1) { try $0.entry("actions") { try $0.unkeyed(actions) } }
    }

    init(reading value: BinaryValueReader) throws {
        self.init(try BinaryFields(value).reading("actions") { try $0.elements().map { try StoreAction(reading: $0) } })
    }
}

extension StoreOutcome: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        switch self {
        case .applied(let version): try writer.enumCase("applied", values: 1) { try $0.entry("_0", version) }
        case .rejected(let conflict): try writer.enumCase("rejected", values: 1) { try $0.entry("_0", encodable: conflict) }
        }
    }

    init(reading value: BinaryValueReader) throws {
        let (name, values) = try BinaryFields(value).onlyCase(of: "StoreOutcome")
        switch name {
        case "applied": self = .applied(try values.decode("_0"))
        case "rejected": self = .rejected(try values.decode("_0"))
        default: throw BinaryFields.unknownCase(name, of: "StoreOutcome")
        }
    }
}

/// A table is the list of its objects, in no particular order (restoring rebuilds the indexes).
extension Table: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        try writer.unkeyed(unordered)
    }

    init(reading value: BinaryValueReader) throws {
        self.init()
        let elements = try value.elements()
        reserveCapacity(elements.count)
        for element in elements { put(try element.decode(Object.self)) }
    }
}

extension StoreTables: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        try writer.keyed(count: 6) {
            try $0.entry("clusters", clusters)
            try $0.entry("nodes", nodes)
            try $0.entry("secrets", secrets)
            try $0.entry("configs", configs)
            try $0.entry("services", services)
            try $0.entry("tasks", tasks)
        }
    }

    init(reading value: BinaryValueReader) throws {
        let fields = try BinaryFields(value)
        self.init()
        clusters = try fields.decode("clusters")
        nodes = try fields.decode("nodes")
        secrets = try fields.decode("secrets")
        configs = try fields.decode("configs")
        // Images written before services existed (2026-11-27) have neither table.
        if fields.find("services") != nil { services = try fields.decode("services") }
        if fields.find("tasks") != nil { tasks = try fields.decode("tasks") }
    }
}
