extension StoreTables {
    /// Applies `actions` as one transaction at `version` (the Raft index of its entry): all of
    /// them, or none when one conflicts. Checking every action before changing anything keeps
    /// the tables uniquely referenced, so applying costs what the changes cost, not a copy.
    public mutating func apply(_ actions: [StoreAction], at version: ObjectVersion) throws(StoreConflict) {
        var touched = Set<ObjectTarget>()
        touched.reserveCapacity(actions.count)
        var namesClaimed = Set<String>()
        for action in actions {
            let (kind, id) = action.target
            guard touched.insert(ObjectTarget(kind: kind, id: id)).inserted else { throw .repeatedObject(kind, id: id) }
            try check(action, namesClaimed: &namesClaimed)
        }
        for action in actions {
            perform(action, at: version)
        }
    }

    private func check(_ action: StoreAction, namesClaimed: inout Set<String>) throws(StoreConflict) {
        switch action {
        case .create(let object), .update(let object, _):
            let expected: ObjectVersion? = if case .update(_, let version) = action { version } else { nil }
            switch object {
            case .cluster(let cluster): try clusters.check(cluster, expected: expected, namesClaimed: &namesClaimed)
            case .node(let node): try nodes.check(node, expected: expected, namesClaimed: &namesClaimed)
            case .secret(let secret): try secrets.check(secret, expected: expected, namesClaimed: &namesClaimed)
            case .config(let config): try configs.check(config, expected: expected, namesClaimed: &namesClaimed)
            case .service(let service): try services.check(service, expected: expected, namesClaimed: &namesClaimed)
            case .task(let task): try tasks.check(task, expected: expected, namesClaimed: &namesClaimed)
            }
        case .remove(let kind, let id):
            let exists = switch kind {
            case .cluster: clusters[.init(rawValue: id)] != nil
            case .node: nodes[.init(rawValue: id)] != nil
            case .secret: secrets[.init(rawValue: id)] != nil
            case .config: configs[.init(rawValue: id)] != nil
            case .service: services[.init(rawValue: id)] != nil
            case .task: tasks[.init(rawValue: id)] != nil
            }
            guard exists else { throw .notFound(kind, id: id) }
        }
    }

    private mutating func perform(_ action: StoreAction, at version: ObjectVersion) {
        switch action {
        case .create(let object), .update(let object, _):
            switch object {
            case .cluster(let cluster): clusters.put(cluster.stamped(version))
            case .node(let node): nodes.put(node.stamped(version))
            case .secret(let secret): secrets.put(secret.stamped(version))
            case .config(let config): configs.put(config.stamped(version))
            case .service(let service): services.put(service.stamped(version))
            case .task(let task): tasks.put(task.stamped(version))
            }
        case .remove(let kind, let id):
            switch kind {
            case .cluster: clusters.remove(.init(rawValue: id))
            case .node: nodes.remove(.init(rawValue: id))
            case .secret: secrets.remove(.init(rawValue: id))
            case .config: configs.remove(.init(rawValue: id))
            case .service: services.remove(.init(rawValue: id))
            case .task: tasks.remove(.init(rawValue: id))
            }
        }
    }
}

extension StoreAction {
    /// The kind and ID of the object the action changes.
    var target: (ObjectKind, String) {
        switch self {
        case .create(let object), .update(let object, _): (object.kind, object.idText)
        case .remove(let kind, let id): (kind, id)
        }
    }
}

extension StoredObject {
    var idText: String {
        switch self {
        case .cluster(let cluster): cluster.id.rawValue
        case .node(let node): node.id.rawValue
        case .secret(let secret): secret.id.rawValue
        case .config(let config): config.id.rawValue
        case .service(let service): service.id.rawValue
        case .task(let task): task.id.rawValue
        }
    }
}

extension StoreObject {
    /// The object as applied at `version`.
    func stamped(_ version: ObjectVersion) -> Self {
        var copy = self
        copy.meta.version = version
        return copy
    }
}

extension Table {
    /// Throws unless `object` may be created (`expected` nil) or may replace the stored one
    /// read at `expected`; claims its unique name for the rest of the transaction.
    func check(_ object: Object, expected: ObjectVersion?, namesClaimed: inout Set<String>) throws(StoreConflict) {
        let id = object.id.rawValue
        if let expected {
            guard let stored = self[object.id] else { throw .notFound(Object.kind, id: id) }
            guard stored.meta.version == expected else { throw .outOfSequence(Object.kind, id: id) }
        } else if self[object.id] != nil {
            throw .idTaken(Object.kind, id: id)
        }
        guard let name = object.uniqueName else { return }
        guard !isNameTaken(name, byOtherThan: object.id), namesClaimed.insert("\(Object.kind.rawValue)/\(name.lowercased())").inserted else {
            throw .nameTaken(Object.kind, name: name)
        }
    }
}

/// An object a transaction changes, to find an object changed twice.
private struct ObjectTarget: Hashable {
    let kind: ObjectKind
    let id: String
}
