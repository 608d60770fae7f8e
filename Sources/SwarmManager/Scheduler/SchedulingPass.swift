import Foundation
import SwarmState

/// One pass of the scheduler: every pending task gets a node, or stays pending with Docker's
/// reason ("no suitable node (…)"). Tasks of one service and spec are placed together, with
/// one filter run over the nodes per group, so placing thousands costs little more than
/// placing one. A global task, created for its node, is only checked against it. Pure: the
/// tables and the time in, actions out.
struct SchedulingPass {
    private(set) var actions: [StoreAction] = []
    private var loads: [NodeID: NodeLoad]
    private let now: Date

    init(tables: StoreTables, now: Date) {
        self.now = now
        let pending = tables.tasks.objects(indexedBy: SwarmTask.pendingIndexKey)
        loads = pending.isEmpty ? [:] : NodeLoad.all(in: tables)
        for (serviceID, tasks) in Dictionary(grouping: pending, by: \.serviceID).sorted(by: { $0.key < $1.key }) {
            for (spec, specTasks) in Self.bySpec(tasks) { schedule(specTasks, of: Group(serviceID: serviceID, spec: spec)) }
        }
    }

    /// A service's tasks by template, in order of first appearance: compared, not hashed (a
    /// service has one template or a few, and a template's tasks share its storage, so the
    /// comparison is quick where hashing would read every field of every task's).
    private static func bySpec(_ tasks: [SwarmTask]) -> [(TaskSpec, [SwarmTask])] {
        var groups: [(spec: TaskSpec, tasks: [SwarmTask])] = []
        for task in tasks {
            if let index = groups.firstIndex(where: { $0.spec == task.spec }) {
                groups[index].tasks.append(task)
            } else {
                groups.append((task.spec, [task]))
            }
        }
        return groups.map { ($0.spec, $0.tasks) }
    }

    private struct Group {
        let serviceID: ServiceID
        let spec: TaskSpec
    }

    private mutating func schedule(_ tasks: [SwarmTask], of group: Group) {
        let constraints = (try? PlacementConstraint.all(of: group.spec.placement)) ?? []
        var free: [SwarmTask] = []
        for task in tasks {
            guard let nodeID = task.nodeID else {
                free.append(task)
                continue
            }
            guard let load = loads[nodeID] else {
                keepPending(task, reason: PlacementFilter.noSuitableNode([.ready: 1]))
                continue
            }
            if let failed = PlacementFilter.firstFailed(load, spec: group.spec, serviceID: group.serviceID, constraints: constraints) {
                keepPending(task, reason: PlacementFilter.noSuitableNode([failed: 1]))
            } else {
                loads[nodeID]!.add(serviceID: group.serviceID, spec: group.spec)
                assign(task, to: nodeID, message: "scheduler confirmed task can run on preassigned node")
            }
        }
        guard !free.isEmpty else { return }
        let candidates = loads.values.filter {
            PlacementFilter.firstFailed($0, spec: group.spec, serviceID: group.serviceID, constraints: constraints) == nil
        }.map(\.node.id)
        var placer = TaskPlacer(serviceID: group.serviceID, spec: group.spec, loads: loads)
        let chosen = placer.place(free.count, on: candidates, preferences: SpreadPreference.all(of: group.spec.placement)[...])
        loads = placer.loads
        for (task, nodeID) in zip(free, chosen) {
            assign(task, to: nodeID, message: "scheduler assigned task to node")
        }
        guard chosen.count < free.count else { return }
        var failures: [PlacementFilter: Int] = [:]
        for load in loads.values {
            if let failed = PlacementFilter.firstFailed(load, spec: group.spec, serviceID: group.serviceID, constraints: constraints) {
                failures[failed, default: 0] += 1
            }
        }
        let reason = PlacementFilter.noSuitableNode(failures)
        for task in free.dropFirst(chosen.count) { keepPending(task, reason: reason) }
    }

    private mutating func assign(_ task: SwarmTask, to nodeID: NodeID, message: String) {
        var assigned = task
        assigned.nodeID = nodeID
        assigned.status = SwarmTask.Status(timestamp: now, state: .assigned, message: message)
        assigned.meta.updatedAt = now
        actions.append(.update(.task(assigned), expected: task.meta.version))
    }

    private mutating func keepPending(_ task: SwarmTask, reason: String) {
        guard task.status.error != reason else { return }
        var pending = task
        pending.status.error = reason
        pending.status.timestamp = now
        actions.append(.update(.task(pending), expected: task.meta.version))
    }
}
