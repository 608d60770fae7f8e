import HeapModule
import SwarmState

/// Chooses nodes for the tasks of one service and spec among nodes that passed the filters:
/// spread evenly over the values of each spread preference's label in turn, then, within a
/// branch, the node with the fewest tasks of the service, then with the fewest tasks at all
/// (Swarm's order). Resources and max-replicas are checked again as tasks land, so a node
/// fills up and drops out.
struct TaskPlacer {
    let serviceID: ServiceID
    let spec: TaskSpec
    private(set) var loads: [NodeID: NodeLoad]

    init(serviceID: ServiceID, spec: TaskSpec, loads: [NodeID: NodeLoad]) {
        self.serviceID = serviceID
        self.spec = spec
        self.loads = loads
    }

    /// Up to `count` nodes, one per task (fewer when the candidates run out of room).
    mutating func place(_ count: Int, on candidates: [NodeID], preferences: ArraySlice<SpreadPreference>) -> [NodeID] {
        guard count > 0, !candidates.isEmpty else { return [] }
        guard let preference = preferences.first else { return placeByLoad(count, on: candidates) }
        let branches = Dictionary(grouping: candidates) { preference.value(of: loads[$0]!.node) }
        let keys = branches.keys.sorted()
        var shares = Dictionary(uniqueKeysWithValues: keys.map { key in
            (key, branches[key]!.reduce(0) { $0 + (loads[$1]?.tasksByService[serviceID] ?? 0) })
        })
        var quotas = Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) })
        for _ in 0..<count {
            let emptiest = keys.min { shares[$0]! < shares[$1]! }!
            shares[emptiest]! += 1
            quotas[emptiest]! += 1
        }
        var placed: [NodeID] = []
        for key in keys {
            placed += place(quotas[key]!, on: branches[key]!, preferences: preferences.dropFirst())
        }
        for key in keys where placed.count < count {
            placed += place(count - placed.count, on: branches[key]!, preferences: preferences.dropFirst())
        }
        return placed
    }

    private struct Rank: Comparable {
        let serviceTasks: Int
        let tasks: Int
        let nodeID: NodeID

        static func < (lhs: Rank, rhs: Rank) -> Bool {
            (lhs.serviceTasks, lhs.tasks, lhs.nodeID.rawValue) < (rhs.serviceTasks, rhs.tasks, rhs.nodeID.rawValue)
        }
    }

    private func rank(_ nodeID: NodeID) -> Rank {
        let load = loads[nodeID]!
        return Rank(serviceTasks: load.tasksByService[serviceID] ?? 0, tasks: load.taskCount, nodeID: nodeID)
    }

    private mutating func placeByLoad(_ count: Int, on candidates: [NodeID]) -> [NodeID] {
        var heap = Heap(candidates.map(rank))
        var placed: [NodeID] = []
        while placed.count < count, let best = heap.popMin() {
            guard let load = loads[best.nodeID], PlacementFilter.resources.passes(load, spec: spec, serviceID: serviceID, constraints: []),
                PlacementFilter.maxReplicas.passes(load, spec: spec, serviceID: serviceID, constraints: [])
            else { continue }
            loads[best.nodeID]!.add(serviceID: serviceID, spec: spec)
            placed.append(best.nodeID)
            heap.insert(rank(best.nodeID))
        }
        return placed
    }
}
