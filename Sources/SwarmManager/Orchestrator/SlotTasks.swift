import Foundation
import SwarmState

/// The tasks of one slot of a service (a replica number, or a node for global services) and
/// what to do with them: keep the one task that should run, shut down the ones that should not,
/// and say whether a new one is needed now, later (the restart delay), or never (the restart
/// policy).
struct SlotTasks {
    /// What the slot needs.
    enum Need: Equatable {
        case nothing
        case newTask
        case newTaskAt(Date)
    }

    let tasks: ArraySlice<SwarmTask>

    /// Whether the slot holds just one task, running the current template on a usable node (or
    /// not yet placed): a service at rest is all such slots, so this is checked first.
    private func isSettled(on template: TaskSpec, nodeIsUsable: (NodeID) -> Bool) -> Bool {
        guard tasks.count == 1, let task = tasks.first else { return false }
        return task.isActive && task.nodeID.map(nodeIsUsable) != false && task.spec == template
    }

    /// Whether the slot's task that should run (not ended, on a usable node) runs an older
    /// template than `template`: the rolling update replaces it.
    func isOutdated(against template: TaskSpec, nodeIsUsable: (NodeID) -> Bool) -> Bool {
        if isSettled(on: template, nodeIsUsable: nodeIsUsable) { return false }
        return tasks.contains { task in
            task.isActive && task.nodeID.map(nodeIsUsable) != false && task.spec != template
        }
    }

    /// Decides for a slot of `service` whose node, if any, is `nodeIsUsable` for the task there;
    /// a task of an older template is replaced only when `replacingOutdated` (the rolling
    /// update's turn for this slot), else kept. Returns the tasks to shut down and what the slot
    /// needs.
    func reconcile(
        for service: Service, now: Date, replacingOutdated: Bool, nodeIsUsable: (NodeID) -> Bool
    ) -> (shutDown: [SwarmTask], need: Need) {
        if isSettled(on: service.spec.taskTemplate, nodeIsUsable: nodeIsUsable) { return ([], .nothing) }
        var shutDown: [SwarmTask] = []
        var keeping: SwarmTask?
        var immediateReplacement = false
        for task in tasks.filter({ !$0.isToldToStop }).sorted(by: { $0.status.state > $1.status.state }) {
            if task.status.state.isTerminal {
                shutDown.append(task)
            } else if let nodeID = task.nodeID, !nodeIsUsable(nodeID) {
                shutDown.append(task)
                immediateReplacement = true
            } else if task.spec != service.spec.taskTemplate, replacingOutdated {
                shutDown.append(task)
                immediateReplacement = true
            } else if keeping == nil {
                keeping = task
            } else {
                shutDown.append(task)
            }
        }
        guard keeping == nil else { return (shutDown, .nothing) }
        if immediateReplacement { return (shutDown, .newTask) }
        return (shutDown, restartNeed(for: service, now: now))
    }

    /// Whether the slot's last task, which ended, is replaced, and when (Swarm's restart
    /// supervisor: condition, attempts within the window, delay).
    private func restartNeed(for service: Service, now: Date) -> Need {
        let ended = tasks.filter { $0.status.state.isTerminal }.sorted { $0.status.timestamp < $1.status.timestamp }
        guard let last = ended.last else { return .newTask }
        guard last.desiredState <= .shutdown else { return .nothing }
        let policy = service.spec.taskTemplate.restartPolicy ?? RestartPolicy()
        switch policy.effectiveCondition {
        case .none: return .nothing
        case .onFailure where last.status.state == .complete: return .nothing
        default: break
        }
        if policy.effectiveMaxAttempts > 0 {
            let windowStart = policy.effectiveWindow > 0 ? now.addingTimeInterval(-Double(policy.effectiveWindow) / 1e9) : .distantPast
            let attempts = ended.filter { $0.spec == service.spec.taskTemplate && $0.status.timestamp >= windowStart }.count
            if attempts > Int(policy.effectiveMaxAttempts) { return .nothing }
        }
        let due = last.status.timestamp.addingTimeInterval(Double(policy.effectiveDelay) / 1e9)
        return due <= now ? .newTask : .newTaskAt(due)
    }
}
