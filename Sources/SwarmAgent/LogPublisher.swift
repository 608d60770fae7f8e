import SwarmExecutors
import SwarmState
import SwarmTransport

/// Publishes the lines of this node's tasks for the log broker's subscriptions: without
/// following, what each selected task's log holds, then word that the node is done; following,
/// the lines as they are written, taking in tasks that start later, until the broker closes the
/// subscription or the connection ends.
actor LogPublisher {
    /// How often a following subscription looks for newly started tasks.
    static let newTaskPeriod = Duration.seconds(1)

    private let executor: RuncExecutor
    private let tasks: @Sendable () -> [SwarmTask]
    private var publishing: [String: Task<Void, Never>] = [:]

    /// A publisher reading the logs of `tasks()` (the node's tasks now) through `executor`.
    init(executor: RuncExecutor, tasks: @escaping @Sendable () -> [SwarmTask]) {
        self.executor = executor
        self.tasks = tasks
    }

    /// Starts publishing for `subscription` through `client`, or stops when it is closed.
    func handle(_ subscription: LogSubscription, through client: DispatcherClient) {
        let id = subscription.id
        if subscription.isClosed {
            publishing.removeValue(forKey: id)?.cancel()
            return
        }
        guard publishing[id] == nil else { return }
        let lines = Self.lines(for: subscription, executor: executor, tasks: tasks)
        publishing[id] = Task {
            try? await client.publishLogs(subscriptionID: id, batches: lines, closing: !subscription.options.follow)
            self.finished(id)
        }
    }

    /// Stops publishing for every subscription (the connection to the leader ended).
    func stopAll() {
        for task in publishing.values { task.cancel() }
        publishing = [:]
    }

    private func finished(_ id: String) {
        publishing[id] = nil
    }

    /// The lines `subscription` asks of this node, in batches.
    private static func lines(
        for subscription: LogSubscription, executor: RuncExecutor, tasks: @escaping @Sendable () -> [SwarmTask]
    ) -> AsyncStream<[LogLine]> {
        let selector = subscription.selector
        let selected: @Sendable () -> [SwarmTask] = {
            // A task's log exists from its start on.
            tasks().filter { task in
                task.status.state >= .starting && selector.selects(taskID: task.id.rawValue, serviceID: task.serviceID.rawValue)
            }
        }
        let requested = ContainerLogFile.Options(
            streams: Set([subscription.options.stdout ? .stdout : nil, subscription.options.stderr ? .stderr : nil].compactMap { $0 }),
            since: subscription.options.since, tail: subscription.options.tail, follow: subscription.options.follow
        )
        return AsyncStream { continuation in
            let reading = Task {
                var options = requested
                guard options.follow else {
                    for task in selected() {
                        for await records in executor.log(of: task.id.rawValue).records(options) { continuation.yield(records.map { LogLine($0, of: task) }) }
                    }
                    continuation.finish()
                    return
                }
                await withTaskGroup(of: Void.self) { group in
                    var following = Set<TaskID>()
                    while !Task.isCancelled {
                        for task in selected() where following.insert(task.id).inserted {
                            let records = executor.log(of: task.id.rawValue).records(options)
                            group.addTask {
                                for await batch in records { continuation.yield(batch.map { LogLine($0, of: task) }) }
                            }
                        }
                        // Tasks that start from now on are shown whole.
                        options.tail = nil
                        try? await Task.sleep(for: newTaskPeriod)
                    }
                    group.cancelAll()
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in reading.cancel() }
        }
    }
}

extension LogLine {
    /// The line of `record`, from the log of `task`.
    init(_ record: ContainerLogRecord, of task: SwarmTask) {
        self.init(
            taskID: task.id.rawValue, serviceID: task.serviceID.rawValue, nodeID: task.nodeID?.rawValue ?? "", timestamp: record.timestamp,
            isStandardError: record.stream == .stderr, content: record.content, isPartial: record.isPartial
        )
    }
}
