import Foundation
import SwarmState

/// One pass of the leader's orchestrators over the store: the changes that make every service's
/// tasks what its spec asks (replicated: one task per slot 1…replicas; global: one per eligible
/// node), shut down the tasks of removed services and of unusable nodes, and replace the ones
/// that ended as their restart policy says. Pure: the tables and the time in, actions out, so a
/// new leader computes the same from the same state.
struct OrchestrationPass {
    let tables: StoreTables
    let now: Date
    private(set) var actions: [StoreAction] = []
    /// The earliest restart delay still running, when the pass must run again.
    private(set) var wakeAt: Date?

    init(tables: StoreTables, now: Date) {
        self.tables = tables
        self.now = now
        for service in tables.services.unordered {
            reconcile(service)
        }
        removeTasksOfRemovedServices()
    }

    private mutating func reconcile(_ service: Service) {
        let tasks = tables.tasks.unorderedObjects(indexedBy: SwarmTask.serviceIndexKey(service.id))
        switch service.spec.mode.kind {
        case .replicated: reconcileReplicated(service, tasks: tasks)
        case .global: reconcileGlobal(service, tasks: tasks)
        case .replicatedJob: reconcileReplicatedJob(service, tasks: tasks)
        case .globalJob: reconcileGlobalJob(service, tasks: tasks)
        case nil: break
        }
    }

    private mutating func reconcileReplicated(_ service: Service, tasks: [SwarmTask]) {
        let replicas = UInt64(max(0, service.spec.replicas ?? 1))
        for task in tasks where (task.slot > replicas || task.slot == 0) && task.desiredState < .remove {
            update(task.desiring(.remove, at: now))
        }
        guard replicas > 0 else { return }
        // Slots as runs of the tasks sorted by slot (one sort, rather than an array per slot).
        let sorted = tasks.filter { $0.slot >= 1 && $0.slot <= replicas }.sorted { $0.slot < $1.slot }
        var slots = [SlotTasks](repeating: SlotTasks(tasks: []), count: Int(replicas))
        var start = sorted.startIndex
        while start < sorted.endIndex {
            let slot = sorted[start].slot
            var end = start + 1
            while end < sorted.endIndex, sorted[end].slot == slot { end += 1 }
            slots[Int(slot) - 1] = SlotTasks(tasks: sorted[start..<end])
            start = end
        }
        let replacing = outdatedSlotsToReplace(slots, of: service, tasks: tasks)
        for (index, slotTasks) in slots.enumerated() {
            let (shutDown, need) = slotTasks.reconcile(for: service, now: now, replacingOutdated: replacing.contains(index)) { isUsable($0) }
            for task in shutDown { update(task.desiring(.shutdown, at: now)) }
            create(need, of: service, slot: UInt64(index + 1), nodeID: nil)
        }
    }

    /// Which of `slots` (by index) replace their outdated task in this pass, as the rolling
    /// update paces them; records the update's change of status and when to look again.
    private mutating func outdatedSlotsToReplace(_ slots: [SlotTasks], of service: Service, tasks: [SwarmTask]) -> Set<Int> {
        let template = service.spec.taskTemplate
        let outdated = slots.indices.filter { slots[$0].isOutdated(against: template) { isUsable($0) } }
        let rollingUpdate = RollingUpdate(service: service, tasks: tasks, slotCount: slots.count, outdatedSlots: outdated.count, now: now)
        if let changed = rollingUpdate.changedService { actions.append(.update(.service(changed), expected: service.meta.version)) }
        if let due = rollingUpdate.wakeAt { wakeAt = min(wakeAt ?? due, due) }
        return Set(outdated.prefix(rollingUpdate.capacity))
    }

    private mutating func reconcileGlobal(_ service: Service, tasks: [SwarmTask]) {
        let constraints = (try? PlacementConstraint.all(of: service.spec.taskTemplate.placement)) ?? []
        let byNode = Dictionary(grouping: tasks.filter { $0.nodeID != nil }, by: { $0.nodeID! })
        for (nodeID, nodeTasks) in byNode where tables.nodes[nodeID] == nil {
            for task in nodeTasks where !task.isToldToStop { update(task.desiring(.shutdown, at: now)) }
        }
        var eligibleNodes: [Node] = []
        for node in tables.nodes.all {
            guard isUsable(node.id) && constraints.allSatisfy({ $0.isMet(by: node) }) else {
                for task in byNode[node.id] ?? [] where !task.isToldToStop { update(task.desiring(.shutdown, at: now)) }
                continue
            }
            eligibleNodes.append(node)
        }
        let slots = eligibleNodes.map { SlotTasks(tasks: (byNode[$0.id] ?? [])[...]) }
        let replacing = outdatedSlotsToReplace(slots, of: service, tasks: tasks)
        for (index, node) in eligibleNodes.enumerated() {
            let (shutDown, need) = slots[index].reconcile(for: service, now: now, replacingOutdated: replacing.contains(index)) { isUsable($0) }
            for task in shutDown { update(task.desiring(.shutdown, at: now)) }
            if node.spec.availability == .active { create(need, of: service, slot: 0, nodeID: node.id) }
        }
    }

    /// A node a task may stay on: it exists, is not down and not drained.
    func isUsable(_ nodeID: NodeID) -> Bool {
        guard let node = tables.nodes[nodeID] else { return false }
        return node.status.state != .down && node.spec.availability != .drain
    }

    private mutating func removeTasksOfRemovedServices() {
        for task in tables.tasks.unordered where task.desiredState < .remove && tables.services[task.serviceID] == nil {
            update(task.desiring(.remove, at: now))
        }
    }

    mutating func create(_ need: SlotTasks.Need, of service: Service, slot: UInt64, nodeID: NodeID?) {
        switch need {
        case .nothing: break
        case .newTask: actions.append(.create(.task(.new(of: service, slot: slot, nodeID: nodeID, at: now))))
        case .newTaskAt(let due): wakeAt = min(wakeAt ?? due, due)
        }
    }

    mutating func update(_ task: SwarmTask) {
        actions.append(.update(.task(task), expected: task.meta.version))
    }
}
