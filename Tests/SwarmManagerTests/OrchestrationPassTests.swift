import Foundation
import Testing
@testable import SwarmManager
import SwarmState

/// The orchestrators and the task reaper as pure passes over a store: slots filled and emptied,
/// ended tasks replaced as the restart policy says (after its delay), tasks on down or drained
/// nodes replaced at once, and each slot's history kept to the retention limit.
struct OrchestrationPassTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A store with one ready manager node, one cluster object and `service`.
    struct World {
        var tables = StoreTables()
        var version: UInt64 = 1
        let node = Node(
            id: NodeID(rawValue: "n1"), meta: ObjectMeta(createdAt: start), spec: NodeSpec(role: .worker), role: .worker,
            description: .init(hostname: "h1", architecture: "x86_64", operatingSystem: "linux", nanoCPUs: 2_000_000_000, memoryBytes: 1 << 30, engineVersion: "0"),
            status: .init(state: .ready, address: "127.0.0.1"), managerStatus: nil)

        init(_ service: Service) throws {
            try apply([.create(.node(node)), .create(.service(service))])
        }

        mutating func apply(_ actions: [StoreAction]) throws {
            version += 1
            try tables.apply(actions, at: ObjectVersion(index: version))
        }

        /// Runs the orchestrator at `time` and applies what it decided.
        @discardableResult
        mutating func orchestrate(at time: Date) throws -> OrchestrationPass {
            let pass = OrchestrationPass(tables: tables, now: time)
            if !pass.actions.isEmpty { try apply(pass.actions) }
            return pass
        }

        /// Records that the task of `slot` meant to run reached `state` at `time`.
        mutating func report(slot: UInt64, _ state: TaskState, at time: Date) throws {
            var task = tables.tasks.unordered.first { $0.slot == slot && $0.desiredState == .running }!
            task.nodeID = node.id
            task.status = .init(timestamp: time, state: state, message: "ended")
            try apply([.update(.task(task), expected: task.meta.version)])
        }

        func live(slot: UInt64) -> [SwarmTask] {
            tables.tasks.unordered.filter { $0.slot == slot && $0.desiredState == .running }
        }

        /// Changes the service's task template (a new environment) at `time` with `config`,
        /// as `docker service update` does.
        mutating func updateTemplate(env: String, config: UpdateConfig, at time: Date) throws {
            var service = tables.services.all[0]
            service.previousSpec = service.spec
            service.spec.taskTemplate.containerSpec?.env = [env]
            service.spec.updateConfig = config
            service.updateStatus = UpdateStatus(state: .updating, startedAt: time, message: "update in progress")
            try apply([.update(.service(service), expected: service.meta.version)])
        }

        /// The slots whose task meant to run has the current template.
        var updatedSlots: [UInt64] {
            let template = tables.services.all[0].spec.taskTemplate
            return tables.tasks.unordered.filter { $0.desiredState == .running && $0.spec == template }.map(\.slot).sorted()
        }

        /// Makes every slot's task meant to run report running at `time`.
        mutating func runAll(at time: Date) throws {
            for task in tables.tasks.unordered where task.desiredState == .running && task.status.state != .running {
                try report(slot: task.slot, .running, at: time)
            }
        }
    }

    static func service(replicas: Int64, restart: RestartPolicy? = nil) -> Service {
        Service(
            id: ServiceID(rawValue: "s1"), meta: ObjectMeta(createdAt: start),
            spec: ServiceSpec(name: "web", taskTemplate: TaskSpec(containerSpec: ContainerSpec(image: "busybox"), restartPolicy: restart), mode: .replicated(replicas)))
    }

    @Test func slotsAreFilledOnceAndEmptiedFromTheTop() throws {
        var world = try World(Self.service(replicas: 3))
        try world.orchestrate(at: Self.start)
        #expect(world.tables.tasks.unordered.map(\.slot).sorted() == [1, 2, 3])
        #expect(try world.orchestrate(at: Self.start).actions.isEmpty, "a second pass changes nothing")

        var service = world.tables.services.all[0]
        service.spec.mode = .replicated(1)
        try world.apply([.update(.service(service), expected: service.meta.version)])
        try world.orchestrate(at: Self.start)
        #expect(world.tables.tasks.unordered.filter { $0.desiredState == .running }.map(\.slot) == [1])
        #expect(world.tables.tasks.unordered.filter { $0.desiredState == .remove }.map(\.slot).sorted() == [2, 3])
    }

    @Test func anEndedTaskIsReplacedInItsSlotAfterTheRestartDelay() throws {
        var world = try World(Self.service(replicas: 2, restart: RestartPolicy(delay: 3_000_000_000)))
        try world.orchestrate(at: Self.start)
        try world.report(slot: 1, .failed, at: Self.start.addingTimeInterval(10))

        let early = try world.orchestrate(at: Self.start.addingTimeInterval(11))
        #expect(world.live(slot: 1).isEmpty, "the failed task is shut down and not yet replaced")
        #expect(early.wakeAt == Self.start.addingTimeInterval(13))
        try world.orchestrate(at: Self.start.addingTimeInterval(13))
        #expect(world.live(slot: 1).count == 1 && world.live(slot: 1)[0].status.state == .pending)
        #expect(world.live(slot: 2).count == 1, "the other slot is untouched")
    }

    @Test func restartConditionsAndAttemptsAreHonoured() throws {
        var never = try World(Self.service(replicas: 1, restart: RestartPolicy(condition: RestartPolicy.Condition.none)))
        try never.orchestrate(at: Self.start)
        try never.report(slot: 1, .failed, at: Self.start)
        try never.orchestrate(at: Self.start.addingTimeInterval(60))
        #expect(never.live(slot: 1).isEmpty)

        var onFailure = try World(Self.service(replicas: 1, restart: RestartPolicy(condition: .onFailure, delay: 0)))
        try onFailure.orchestrate(at: Self.start)
        try onFailure.report(slot: 1, .complete, at: Self.start)
        try onFailure.orchestrate(at: Self.start.addingTimeInterval(1))
        #expect(onFailure.live(slot: 1).isEmpty, "a task that completed is not restarted on-failure")

        var limited = try World(Self.service(replicas: 1, restart: RestartPolicy(delay: 0, maxAttempts: 2)))
        try limited.orchestrate(at: Self.start)
        for attempt in 1...3 {
            let time = Self.start.addingTimeInterval(Double(attempt))
            try limited.report(slot: 1, .failed, at: time)
            try limited.orchestrate(at: time)
            #expect(limited.live(slot: 1).count == (attempt <= 2 ? 1 : 0), "attempt \(attempt)")
        }
    }

    @Test func tasksOnDownOrDrainedNodesAreReplacedAtOnce() throws {
        for change in ["down", "drain"] {
            var world = try World(Self.service(replicas: 1))
            try world.orchestrate(at: Self.start)
            var task = world.live(slot: 1)[0]
            task.nodeID = world.node.id
            task.status = .init(timestamp: Self.start, state: .running, message: "started")
            try world.apply([.update(.task(task), expected: task.meta.version)])
            var node = world.tables.nodes.all[0]
            if change == "down" { node.status.state = .down } else { node.spec.availability = .drain }
            try world.apply([.update(.node(node), expected: node.meta.version)])

            try world.orchestrate(at: Self.start.addingTimeInterval(1))
            #expect(world.tables.tasks[task.id]?.desiredState == .shutdown, "\(change)")
            #expect(world.live(slot: 1).count == 1 && world.live(slot: 1)[0].id != task.id, "\(change): replaced without the delay")
        }
    }

    @Test func aRollingUpdateReplacesParallelismSlotsAtATimeWithTheDelayBetween() throws {
        var world = try World(Self.service(replicas: 3))
        try world.orchestrate(at: Self.start)
        try world.runAll(at: Self.start)
        let updateStart = Self.start.addingTimeInterval(100)
        try world.updateTemplate(env: "V=2", config: UpdateConfig(parallelism: 1, delay: 10_000_000_000), at: updateStart)

        try world.orchestrate(at: updateStart)
        #expect(world.updatedSlots == [1], "one slot at a time")
        #expect(try world.orchestrate(at: updateStart.addingTimeInterval(1)).actions.isEmpty, "the new task is not running yet")
        try world.runAll(at: updateStart.addingTimeInterval(2))
        let waiting = try world.orchestrate(at: updateStart.addingTimeInterval(3))
        #expect(waiting.actions.isEmpty && waiting.wakeAt == updateStart.addingTimeInterval(12), "the delay runs from the new task's start")
        try world.orchestrate(at: updateStart.addingTimeInterval(12))
        #expect(world.updatedSlots == [1, 2])
        try world.runAll(at: updateStart.addingTimeInterval(13))
        try world.orchestrate(at: updateStart.addingTimeInterval(23))
        #expect(world.updatedSlots == [1, 2, 3])
        #expect(world.tables.services.all[0].updateStatus?.state == .updating)
        try world.runAll(at: updateStart.addingTimeInterval(24))
        let monitoring = try world.orchestrate(at: updateStart.addingTimeInterval(25))
        #expect(world.tables.services.all[0].updateStatus?.state == .updating, "the last task is watched for the monitor period (5 s)")
        #expect(monitoring.wakeAt == updateStart.addingTimeInterval(29))
        try world.orchestrate(at: updateStart.addingTimeInterval(29))
        let status = try #require(world.tables.services.all[0].updateStatus)
        #expect(status.state == .completed && status.completedAt == updateStart.addingTimeInterval(29))

        // Parallelism 0: every slot at once.
        try world.updateTemplate(env: "V=3", config: UpdateConfig(parallelism: 0), at: updateStart.addingTimeInterval(50))
        try world.orchestrate(at: updateStart.addingTimeInterval(50))
        #expect(world.updatedSlots == [1, 2, 3])
    }

    @Test func aFailingUpdatePausesOrRollsBackAsItsFailureActionSays() throws {
        for action in ["pause", "rollback", "continue"] {
            var world = try World(Self.service(replicas: 3, restart: RestartPolicy(delay: 0)))
            try world.orchestrate(at: Self.start)
            try world.runAll(at: Self.start)
            let updateStart = Self.start.addingTimeInterval(100)
            try world.updateTemplate(env: "V=2", config: UpdateConfig(parallelism: 1, failureAction: action), at: updateStart)
            try world.orchestrate(at: updateStart)
            try world.report(slot: 1, .failed, at: updateStart.addingTimeInterval(1))
            try world.orchestrate(at: updateStart.addingTimeInterval(2))
            let service = world.tables.services.all[0]
            switch action {
            case "pause":
                #expect(service.updateStatus?.state == .paused)
                #expect(service.updateStatus?.message.hasPrefix("update paused due to failure or early termination of task ") == true)
                try world.orchestrate(at: updateStart.addingTimeInterval(60))
                #expect(world.updatedSlots == [1], "paused: slots 2 and 3 keep the old template")
            case "rollback":
                #expect(service.updateStatus?.state == .rollbackStarted && service.spec.taskTemplate.containerSpec?.env == nil)
                for second in 3...6 {
                    try world.orchestrate(at: updateStart.addingTimeInterval(Double(second)))
                    try world.runAll(at: updateStart.addingTimeInterval(Double(second)))
                }
                try world.orchestrate(at: updateStart.addingTimeInterval(12))
                #expect(world.updatedSlots == [1, 2, 3], "every slot runs the previous template again")
                #expect(world.tables.services.all[0].updateStatus?.state == .rollbackCompleted)
            default:
                #expect(service.updateStatus?.state == .updating)
                #expect(world.updatedSlots.count == 2, "continue: the next slot is replaced as the failed one restarts")
            }
        }
    }

    @Test func theReaperKeepsTheHistoryLimitAndDeletesStoppedRemovedTasks() throws {
        var world = try World(Self.service(replicas: 1, restart: RestartPolicy(delay: 0)))
        try world.orchestrate(at: Self.start)
        for attempt in 1...8 {
            let time = Self.start.addingTimeInterval(Double(attempt))
            try world.report(slot: 1, .failed, at: time)
            try world.orchestrate(at: time)
        }
        try world.apply(TaskReaperPass(tables: world.tables).actions)
        let ended = world.tables.tasks.unordered.filter { $0.status.state == .failed }
        #expect(ended.count == 5, "the default history is 5 ended tasks per slot")
        #expect(ended.map(\.status.timestamp).min() == Self.start.addingTimeInterval(4), "the oldest go first")

        var service = world.tables.services.all[0]
        service.spec.mode = .replicated(0)
        try world.apply([.update(.service(service), expected: service.meta.version)])
        try world.orchestrate(at: Self.start.addingTimeInterval(20))
        try world.apply(TaskReaperPass(tables: world.tables).actions)
        #expect(world.tables.tasks.count == 0, "scaled to 0: the ended tasks and the never-placed one are all deleted")
    }
}
