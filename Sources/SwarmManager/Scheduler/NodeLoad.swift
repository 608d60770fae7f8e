import SwarmState

/// What a node carries, as the scheduler counts it: its active tasks, per service and in all,
/// and the resources they reserve.
struct NodeLoad {
    let node: Node
    var taskCount = 0
    var tasksByService: [ServiceID: Int] = [:]
    var reservedNanoCPUs: Int64 = 0
    var reservedMemoryBytes: Int64 = 0

    init(node: Node) {
        self.node = node
    }

    /// Counts a task of `serviceID` with `spec` as placed on the node.
    mutating func add(serviceID: ServiceID, spec: TaskSpec) {
        taskCount += 1
        tasksByService[serviceID, default: 0] += 1
        reservedNanoCPUs += spec.resources?.reservations?.nanoCPUs ?? 0
        reservedMemoryBytes += spec.resources?.reservations?.memoryBytes ?? 0
    }

    /// Whether the node has room for another task reserving what `spec` reserves.
    func fits(_ spec: TaskSpec) -> Bool {
        let cpus = spec.resources?.reservations?.nanoCPUs ?? 0
        let memory = spec.resources?.reservations?.memoryBytes ?? 0
        return reservedNanoCPUs + cpus <= node.description.nanoCPUs && reservedMemoryBytes + memory <= node.description.memoryBytes
    }

    /// The loads of every node, counting the active tasks already on them.
    static func all(in tables: StoreTables) -> [NodeID: NodeLoad] {
        var loads = Dictionary(uniqueKeysWithValues: tables.nodes.unordered.map { ($0.id, NodeLoad(node: $0)) })
        for task in tables.tasks.unordered where task.isActive && task.status.state >= .assigned {
            guard let nodeID = task.nodeID else { continue }
            loads[nodeID]?.add(serviceID: task.serviceID, spec: task.spec)
        }
        return loads
    }
}
