import SwarmState

/// One pass of the task reaper: deletes the tasks that are finished with (desired `remove` and
/// stopped or never placed) and keeps each slot's history of ended tasks to the swarm's
/// `TaskHistoryRetentionLimit` (5 by default; more when the restart policy counts attempts;
/// negative: keep all), the oldest going first.
struct TaskReaperPass {
    private(set) var actions: [StoreAction] = []

    /// A slot of a service: a replica number, or a node for global services.
    private struct Slot: Hashable {
        let serviceID: ServiceID
        let slot: UInt64
        let nodeID: NodeID?
    }

    /// Looks at the tasks told to stop only (the store indexes them): the rest are neither to be
    /// deleted nor history.
    init(tables: StoreTables) {
        let limit = tables.cluster?.spec.orchestration.taskHistoryRetentionLimit ?? ClusterSpec.Orchestration().taskHistoryRetentionLimit
        let stopping = tables.tasks.unorderedObjects(indexedBy: SwarmTask.stoppingIndexKey)
        var removed = Set<TaskID>()
        for task in stopping where task.desiredState == .remove && Self.isStopped(task, nodes: tables.nodes) {
            removed.insert(task.id)
        }
        if limit >= 0 {
            let history = stopping.filter { !removed.contains($0.id) && $0.status.state.isTerminal }
            let slots = Dictionary(grouping: history) { Slot(serviceID: $0.serviceID, slot: $0.slot, nodeID: $0.slot > 0 ? nil : $0.nodeID) }
            for (slot, slotTasks) in slots {
                let attempts = Int64(tables.services[slot.serviceID]?.spec.taskTemplate.restartPolicy?.effectiveMaxAttempts ?? 0)
                let kept = max(limit, attempts > 0 ? attempts + 1 : 0)
                for task in slotTasks.sorted(by: { $0.status.timestamp < $1.status.timestamp }).dropLast(Int(kept)) { removed.insert(task.id) }
            }
        }
        actions = removed.sorted().map { .remove(.task, id: $0.rawValue) }
    }

    /// Whether a task that should go has stopped: it ended, it never reached a node, or its
    /// node is gone.
    private static func isStopped(_ task: SwarmTask, nodes: Table<Node>) -> Bool {
        guard let nodeID = task.nodeID, task.status.state >= .assigned else { return true }
        return task.status.state.isTerminal || nodes[nodeID] == nil
    }
}
