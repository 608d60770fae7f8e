import Foundation
import Testing
@testable import SwarmManager
import SwarmState

/// The job modes as pure orchestrator passes: a replicated job runs at most `MaxConcurrent`
/// tasks until `TotalCompletions` have completed, a failed task is replaced after the restart
/// delay and a completed one never is, a new iteration shuts the old one's tasks down, and a
/// global job runs once on every eligible node, joining ones included.
struct JobOrchestrationTests {
    typealias World = OrchestrationPassTests.World
    static let start = OrchestrationPassTests.start

    static func job(_ mode: ServiceMode, restart: RestartPolicy? = nil) -> Service {
        Service(
            id: ServiceID(rawValue: "j1"), meta: ObjectMeta(createdAt: start),
            spec: ServiceSpec(name: "job", taskTemplate: TaskSpec(containerSpec: ContainerSpec(image: "busybox"), restartPolicy: restart), mode: mode),
            jobStatus: JobStatus(iteration: 1, lastExecution: start))
    }

    static func replicatedJob(concurrent: Int64, total: Int64, restart: RestartPolicy? = nil) -> Service {
        job(ServiceMode(replicatedJob: .init(maxConcurrent: concurrent, totalCompletions: total)), restart: restart)
    }

    @Test func aReplicatedJobRunsAtMostMaxConcurrentTasksUntilEnoughHaveCompleted() throws {
        var world = try World(Self.replicatedJob(concurrent: 2, total: 3))
        try world.orchestrate(at: Self.start)
        #expect(world.jobTasks().map(\.slot) == [0, 1])
        #expect(world.jobTasks().allSatisfy { $0.desiredState == .complete && $0.jobIteration == 1 })

        try world.report(world.jobTasks()[0], .complete, at: Self.start + 1)
        try world.orchestrate(at: Self.start + 1)
        #expect(world.jobTasks().map(\.slot) == [0, 1, 2], "a completed slot makes room for the next one")

        for task in world.jobTasks() where task.status.state != .complete { try world.report(task, .complete, at: Self.start + 2) }
        let pass = try world.orchestrate(at: Self.start + 2)
        #expect(pass.actions.isEmpty, "three completions end the job")
        #expect(world.jobTasks().filter { $0.status.state == .complete }.count == 3)
    }

    @Test func aFailedTaskIsReplacedAfterTheRestartDelayAndACompletedOneNeverIs() throws {
        var world = try World(Self.replicatedJob(concurrent: 1, total: 1, restart: RestartPolicy(condition: .any, delay: 5_000_000_000)))
        try world.orchestrate(at: Self.start)
        try world.report(world.jobTasks()[0], .failed, at: Self.start + 1)
        let pass = try world.orchestrate(at: Self.start + 1)
        #expect(world.jobTasks().isEmpty, "the failed task is shut down")
        #expect(pass.wakeAt == Self.start + 6)
        try world.orchestrate(at: Self.start + 6)
        let retry = try #require(world.jobTasks().first)
        #expect(retry.slot == 0 && retry.status.state == .pending)

        try world.report(retry, .complete, at: Self.start + 7)
        #expect(try world.orchestrate(at: Self.start + 20).actions.isEmpty, "condition any does not restart a completed job task")
    }

    @Test func anUpdateStartsANewIterationAndShutsTheOldOneDown() throws {
        var world = try World(Self.replicatedJob(concurrent: 2, total: 2))
        try world.orchestrate(at: Self.start)
        try world.report(world.jobTasks()[0], .running, at: Self.start + 1)
        var service = world.tables.services.all[0]
        service.jobStatus = service.jobStatus?.next(at: Self.start + 2)
        try world.apply([.update(.service(service), expected: service.meta.version)])
        try world.orchestrate(at: Self.start + 2)
        #expect(world.jobTasks(iteration: 1).isEmpty, "iteration 1's tasks are told to stop")
        #expect(world.jobTasks(iteration: 2).map(\.slot) == [0, 1])
    }

    @Test func aGlobalJobRunsOnceOnEveryEligibleNodeIncludingOnesThatJoinLater() throws {
        var world = try World(Self.job(ServiceMode(globalJob: .init())))
        try world.addNode("n2")
        try world.orchestrate(at: Self.start)
        #expect(world.jobTasks().compactMap(\.nodeID?.rawValue).sorted() == ["n1", "n2"])

        let onFirst = try #require(world.jobTasks().first { $0.nodeID?.rawValue == "n1" })
        try world.report(onFirst, .complete, at: Self.start + 1)
        try world.addNode("n3")
        try world.addNode("n4", availability: .drain)
        try world.orchestrate(at: Self.start + 1)
        #expect(world.jobTasks().compactMap(\.nodeID?.rawValue).sorted() == ["n1", "n2", "n3"], "a joining node gets the job, a drained one does not")
        #expect(world.jobTasks().filter { $0.nodeID?.rawValue == "n1" }.count == 1, "the completed node runs it once")

        var second = world.tables.nodes[NodeID(rawValue: "n2")]!
        second.spec.availability = .drain
        try world.apply([.update(.node(second), expected: second.meta.version)])
        try world.orchestrate(at: Self.start + 2)
        #expect(world.jobTasks().compactMap(\.nodeID?.rawValue).sorted() == ["n1", "n3"], "the drained node's unfinished task shuts down")
    }
}

extension OrchestrationPassTests.World {
    /// The job's tasks of `iteration` nobody told to stop, by slot.
    func jobTasks(iteration: UInt64 = 1) -> [SwarmTask] {
        tables.tasks.unordered.filter { $0.jobIteration == iteration && !$0.isToldToStop }.sorted { ($0.slot, $0.id.rawValue) < ($1.slot, $1.id.rawValue) }
    }

    /// Records that `task` reached `state` at `time` (on its node, or the first node).
    mutating func report(_ task: SwarmTask, _ state: TaskState, at time: Date) throws {
        var task = tables.tasks[task.id]!
        task.nodeID = task.nodeID ?? node.id
        task.status = .init(timestamp: time, state: state, message: "reported")
        try apply([.update(.task(task), expected: task.meta.version)])
    }

    /// Adds a ready worker `id`, as a node joining does.
    mutating func addNode(_ id: String, availability: NodeSpec.Availability = .active) throws {
        var joining = node
        joining.id = NodeID(rawValue: id)
        joining.spec.availability = availability
        try apply([.create(.node(joining))])
    }
}

private extension Date {
    static func + (date: Date, seconds: Int) -> Date { date.addingTimeInterval(TimeInterval(seconds)) }
}
