public import Logging
import Foundation
public import SwarmExecutors
import SwarmState
public import SwarmTransport

/// A node's agent: it follows the tasks the swarm assigns to this node (from the leader's
/// dispatcher, failing over through the managers it knows), runs each with a `TaskRunner`,
/// records them in its `TaskDatabase` and reports their statuses. Started again after a crash,
/// it re-adopts the containers still running instead of starting them twice, and stops and
/// deletes the ones no longer assigned once the swarm's complete set arrives.
public actor Agent {
    /// The pause before asking the next manager after a stream ended or failed.
    static let retryPause = Duration.milliseconds(500)

    private let database: TaskDatabase
    private let executor: RuncExecutor
    private let identity: @Sendable () async -> TransportIdentity?
    private let managers: @Sendable () async -> [TransportAddress]
    private let logger: Logger
    private let reporter = StatusReporter()
    private let logs: LogPublisher
    private var runners: [TaskID: TaskRunner] = [:]

    /// An agent keeping its task database at `databasePath`, running containers with `executor`,
    /// connecting with `identity()` (nil: the node has no certificate now; wait) to the managers
    /// `managers()` lists.
    public init(
        databasePath: String, executor: RuncExecutor, identity: @escaping @Sendable () async -> TransportIdentity?,
        managers: @escaping @Sendable () async -> [TransportAddress], logger: Logger
    ) throws(AgentError) {
        let database = try TaskDatabase(path: databasePath)
        self.database = database
        self.executor = executor
        logs = LogPublisher(executor: executor) { (try? database.all()) ?? [] }
        self.identity = identity
        self.managers = managers
        self.logger = logger
    }

    /// Runs until cancelled: re-adopts the recorded tasks, then follows assignments. Containers
    /// keep running when it stops (`removeAll` removes them).
    public func run() async {
        let reporting = Task { await reporter.run() }
        defer { reporting.cancel() }
        for task in (try? database.all()) ?? [] { startRunner(for: task) }
        var redirect: TransportAddress?
        while !Task.isCancelled {
            var candidates = await managers()
            if let redirect { candidates = [redirect] }
            redirect = nil
            for address in candidates where !Task.isCancelled {
                redirect = await follow(address)
                if redirect != nil { break }
            }
            if redirect == nil { try? await Task.sleep(for: Self.retryPause) }
        }
    }

    /// Stops and deletes every task's container and forgets the tasks (the node leaves the
    /// swarm).
    public func removeAll() async {
        for (id, runner) in runners {
            await runner.remove()
            try? database.remove(id)
        }
        runners = [:]
    }

    /// Follows the assignments `address` serves until the stream ends, and publishes logs for
    /// the subscriptions it hands out meanwhile; returns the leader's address when `address` is
    /// not the leader.
    private func follow(_ address: TransportAddress) async -> TransportAddress? {
        guard let identity = await identity(), let client = try? DispatcherClient(manager: address, identity: identity) else { return nil }
        defer { client.abandon() }
        await reporter.use(client)
        let listening = Task { [logs] in try? await client.listenSubscriptions { await logs.handle($0, through: client) } }
        let leader: String?
        do {
            leader = try await client.assignments { [weak self] batch in await self?.apply(batch) }
        } catch {
            logger.debug("the assignments stream from \(address) ended", metadata: ["error": "\(error)"])
            leader = nil
        }
        listening.cancel()
        await logs.stopAll()
        await reporter.use(nil)
        return leader.flatMap(TransportAddress.init)
    }

    private func apply(_ batch: AssignmentBatch) async {
        let tasks = batch.updatedTasks.compactMap { try? SwarmTask(wireBytes: $0) }
        var removed = batch.removedTaskIDs.map(TaskID.init(rawValue:))
        if batch.isComplete {
            let assigned = Set(tasks.map(\.id))
            removed += runners.keys.filter { !assigned.contains($0) }
        }
        for id in removed {
            guard let runner = runners.removeValue(forKey: id) else { continue }
            await runner.remove()
            try? database.remove(id)
        }
        for task in tasks {
            if let runner = runners[task.id] {
                await runner.update(task)
            } else {
                try? database.put(task, status: task.status)
                startRunner(for: task)
            }
        }
    }

    private func startRunner(for task: SwarmTask) {
        let runner = TaskRunner(task: task, executor: executor, logger: logger) { [database, reporter, logger] task, status in
            do {
                try database.put(task, status: status)
            } catch {
                logger.error("recording a task's status failed", metadata: ["task": "\(task.id)", "error": "\(error)"])
            }
            await reporter.enqueue(task.id, status)
        }
        runners[task.id] = runner
        Task { await runner.start() }
    }
}
