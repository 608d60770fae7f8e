import Foundation
import SwarmState

/// How many of a service's outdated slots (running an older task template) one orchestration
/// pass may replace, as Swarm's updater paces them: at most `Parallelism` slots in flight (0:
/// all at once), a slot in flight from its new task's creation until `Delay` after it runs;
/// when more new tasks have failed than `MaxFailureRatio` allows, the `FailureAction`: pause,
/// continue, or roll back to the previous spec. The update completes once the last new task
/// has run for `Monitor`. Stateless like the rest of the pass: it reads
/// the service's `UpdateStatus` and its tasks, so a new leader carries on where the old one was.
struct RollingUpdate {
    /// How many outdated slots may be replaced now.
    let capacity: Int
    /// When to look again (a delay ends).
    let wakeAt: Date?
    /// The service as the update leaves it, when its status (or, rolling back, its spec) changes.
    let changedService: Service?

    init(service: Service, tasks: [SwarmTask], slotCount: Int, outdatedSlots: Int, now: Date) {
        let status = service.updateStatus
        let isRollback = status?.state.isRollback == true
        let config = ((isRollback ? service.spec.rollbackConfig : service.spec.updateConfig) ?? UpdateConfig()).withDefaults
        let template = service.spec.taskTemplate
        let startedAt = status?.startedAt ?? .distantPast
        guard outdatedSlots > 0 || status?.state.isInProgress == true else {
            (capacity, wakeAt, changedService) = (0, nil, nil)
            return
        }
        let newTasks = tasks.filter { $0.spec == template && $0.meta.createdAt >= startedAt }

        guard outdatedSlots > 0 else {
            // Complete once the last new task runs, and has run for the monitor period (as
            // Swarm's updater watches for failures before it says so); ended tasks are the
            // restart policy's.
            capacity = 0
            let live = newTasks.filter { $0.isActive }
            let monitor = Double(config.monitor ?? 0) / 1e9
            let settled = live.map { $0.status.timestamp.addingTimeInterval(monitor) }.max() ?? .distantPast
            guard let status, status.state.isInProgress, !live.contains(where: { $0.status.state < .running }) else {
                (wakeAt, changedService) = (nil, nil)
                return
            }
            (wakeAt, changedService) = settled > now ? (settled, nil) : (nil, Self.completing(service, status: status, now: now))
            return
        }
        if let status, status.state == .paused || status.state == .rollbackPaused {
            (capacity, wakeAt, changedService) = (0, nil, nil)
            return
        }
        let failed = newTasks.filter { $0.status.state == .failed || $0.status.state == .rejected }
        if status?.state.isInProgress == true, let failure = failed.first, Double(failed.count) > (config.maxFailureRatio ?? 0) * Double(max(1, slotCount)) {
            switch config.failureAction {
            case "continue": break
            case "rollback" where !isRollback && service.previousSpec != nil:
                (capacity, wakeAt) = (0, nil)
                changedService = Self.rollingBack(service, because: failure, now: now)
                return
            default:
                (capacity, wakeAt) = (0, nil)
                changedService = Self.pausing(service, because: failure)
                return
            }
        }
        let delay = Double(config.delay ?? 0) / 1e9
        var inFlight = 0
        var wakeAt: Date?
        for task in newTasks where task.isActive {
            if task.status.state < .running {
                inFlight += 1
            } else if task.status.timestamp.addingTimeInterval(delay) > now {
                inFlight += 1
                let due = task.status.timestamp.addingTimeInterval(delay)
                wakeAt = min(wakeAt ?? due, due)
            }
        }
        let parallelism = Int(clamping: config.parallelism ?? 1)
        capacity = parallelism == 0 ? outdatedSlots : max(0, parallelism - inFlight)
        self.wakeAt = wakeAt
        changedService = nil
    }

    /// Every slot runs the template: the update (or rollback) is complete.
    private static func completing(_ service: Service, status: UpdateStatus, now: Date) -> Service {
        var service = service
        service.updateStatus = UpdateStatus(
            state: status.state == .updating ? .completed : .rollbackCompleted, startedAt: status.startedAt, completedAt: now,
            message: status.state == .updating ? "update completed" : "rollback completed"
        )
        return service
    }

    private static func pausing(_ service: Service, because failure: SwarmTask) -> Service {
        var service = service
        let status = service.updateStatus!
        service.updateStatus = UpdateStatus(
            state: status.state.isRollback ? .rollbackPaused : .paused, startedAt: status.startedAt,
            message: "\(status.state.isRollback ? "rollback" : "update") paused due to failure or early termination of task \(failure.id)"
        )
        return service
    }

    /// The failure action `rollback`: the previous spec comes back, and its tasks replace the
    /// new ones as the rollback config paces them.
    private static func rollingBack(_ service: Service, because failure: SwarmTask, now: Date) -> Service {
        var service = service
        let failedSpec = service.spec
        service.spec = service.previousSpec!
        service.previousSpec = failedSpec
        service.updateStatus = UpdateStatus(
            state: .rollbackStarted, startedAt: now, message: "update rolled back due to failure or early termination of task \(failure.id)"
        )
        return service
    }
}
