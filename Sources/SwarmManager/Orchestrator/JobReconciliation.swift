import SwarmState

/// The job modes: tasks that run to completion in the job's current iteration (a new one with
/// each create or update of the service), restarted as the restart policy says when they fail,
/// never once they have completed. Tasks of earlier iterations are shut down.
extension OrchestrationPass {
    /// Replicated job: `TotalCompletions` tasks must complete, one per slot
    /// 0…TotalCompletions−1 (Docker's numbering for jobs), at most `MaxConcurrent` at a time,
    /// lowest free slots first.
    mutating func reconcileReplicatedJob(_ service: Service, tasks: [SwarmTask]) {
        let job = (service.spec.mode.replicatedJob ?? .init(maxConcurrent: nil, totalCompletions: nil)).withDefaults
        let (total, maxConcurrent) = (UInt64(max(0, job.totalCompletions ?? 0)), max(0, job.maxConcurrent ?? 0))
        let current = tasksOfCurrentIteration(of: service, in: tasks)
        let bySlot = Dictionary(grouping: current.filter { $0.slot < total }, by: \.slot)
        var active: Int64 = 0
        var unstarted: [UInt64] = []
        for slot in 0..<total {
            guard let slotTasks = bySlot[slot] else {
                unstarted.append(slot)
                continue
            }
            if reconcileJobSlot(slotTasks, of: service, slot: slot, nodeID: nil) { active += 1 }
        }
        for slot in unstarted.prefix(Int(max(0, maxConcurrent - active))) {
            create(.newTask, of: service, slot: slot, nodeID: nil)
        }
    }

    /// Global job: one task to completion on every eligible node, nodes that join later
    /// included; a node that becomes ineligible has its unfinished task shut down.
    mutating func reconcileGlobalJob(_ service: Service, tasks: [SwarmTask]) {
        let constraints = (try? PlacementConstraint.all(of: service.spec.taskTemplate.placement)) ?? []
        let current = tasksOfCurrentIteration(of: service, in: tasks)
        let byNode = Dictionary(grouping: current.filter { $0.nodeID != nil }, by: { $0.nodeID! })
        for (nodeID, nodeTasks) in byNode where tables.nodes[nodeID] == nil {
            for task in nodeTasks where !task.isToldToStop { update(task.desiring(.shutdown, at: now)) }
        }
        for node in tables.nodes.all {
            let nodeTasks = byNode[node.id] ?? []
            guard isUsable(node.id) && constraints.allSatisfy({ $0.isMet(by: node) }) else {
                for task in nodeTasks where !task.isToldToStop && task.status.state != .complete { update(task.desiring(.shutdown, at: now)) }
                continue
            }
            if nodeTasks.isEmpty {
                if node.spec.availability == .active { create(.newTask, of: service, slot: 0, nodeID: node.id) }
            } else if node.spec.availability == .active {
                reconcileJobSlot(nodeTasks, of: service, slot: 0, nodeID: node.id)
            }
        }
    }

    /// The service's tasks of its current iteration; the others, unless already told to stop,
    /// are shut down.
    private mutating func tasksOfCurrentIteration(of service: Service, in tasks: [SwarmTask]) -> [SwarmTask] {
        let iteration = service.jobStatus?.jobIteration.index ?? 0
        var current: [SwarmTask] = []
        for task in tasks {
            if task.jobIteration == iteration {
                current.append(task)
            } else if !task.isToldToStop {
                update(task.desiring(.shutdown, at: now))
            }
        }
        return current
    }

    /// Decides for one slot (or node) of a job that has tasks: done once one of them completed;
    /// otherwise its failed tasks are replaced as the restart policy says. Returns whether the
    /// slot is still in progress (running, or waiting for its restart delay).
    @discardableResult
    private mutating func reconcileJobSlot(_ slotTasks: [SwarmTask], of service: Service, slot: UInt64, nodeID: NodeID?) -> Bool {
        if slotTasks.contains(where: { $0.status.state == .complete }) { return false }
        let (shutDown, need) = SlotTasks(tasks: slotTasks[...]).reconcile(for: service, now: now, replacingOutdated: false) { isUsable($0) }
        for task in shutDown { update(task.desiring(.shutdown, at: now)) }
        create(need, of: service, slot: slot, nodeID: nodeID)
        return need != .nothing || slotTasks.contains { $0.isActive && !shutDown.contains($0) }
    }
}
