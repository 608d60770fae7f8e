import SwarmState

/// One pass of the task reaper: deletes the tasks that are finished with (desired `remove` and
/// stopped or never placed) and keeps each slot's history of ended tasks to the swarm's
/// `TaskHistoryRetentionLimit` (5 by default; more when the restart policy counts attempts;
/// negative: keep all), the oldest going first.
struct TaskReaperPass {
    private(set) var actions: [StoreAction] = []

    init(tables: StoreTables) {
        let limit = tables.cluster?.spec.orchestration.taskHistoryRetentionLimit ?? ClusterSpec.Orchestration().taskHistoryRetentionLimit
        var removed = Set<TaskID>()
        for task in tables.tasks.unordered where task.desiredState == .remove && Self.isStopped(task, nodes: tables.nodes) {
            removed.insert(task.id)
        }
        if limit >= 0 {
            for service in tables.services.unordered {
                let tasks = tables.tasks.unorderedObjects(indexedBy: SwarmTask.serviceIndexKey(service.id)).filter { !removed.contains($0.id) }
                let attempts = Int64(service.spec.taskTemplate.restartPolicy?.effectiveMaxAttempts ?? 0)
                let kept = max(limit, attempts > 0 ? attempts + 1 : 0)
                let slots = Dictionary(grouping: tasks) { $0.slot > 0 ? "\($0.slot)" : $0.nodeID?.rawValue ?? "" }
                for slotTasks in slots.values {
                    let history = slotTasks.filter { $0.desiredState > .running && $0.status.state.isTerminal }
                        .sorted { $0.status.timestamp < $1.status.timestamp }
                    for task in history.dropLast(Int(kept)) { removed.insert(task.id) }
                }
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
