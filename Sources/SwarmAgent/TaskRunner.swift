import Foundation
import Logging
import SwarmExecutors
import SwarmState

/// Drives one task through Docker's states on this node, as its desired state says: accepted,
/// preparing (the image pulled, the bundle written), ready, starting, running, and then
/// complete or failed as the container exits; shut down when asked. Each state is recorded and
/// reported through `report` before the next step. A step that fails before the container
/// starts rejects the task; after, fails it. An ended task's root filesystem is freed at once;
/// its log stays until the task is removed.
actor TaskRunner {
    private var task: SwarmTask
    private let executor: RuncExecutor
    private let report: @Sendable (SwarmTask, SwarmTask.Status) async -> Void
    private let logger: Logger
    private var driver: Task<Void, Never>?

    /// A runner of `task` (its status the node's latest) on `executor`.
    init(task: SwarmTask, executor: RuncExecutor, logger: Logger, report: @escaping @Sendable (SwarmTask, SwarmTask.Status) async -> Void) {
        self.task = task
        self.executor = executor
        self.logger = logger
        self.report = report
    }

    /// Starts driving the task; a task found running after a restart is followed, not restarted.
    func start() {
        driver = Task { await drive() }
    }

    /// Takes a newer assignment of the task (its desired state above all); the node's status is
    /// kept.
    func update(_ assigned: SwarmTask) {
        let status = task.status
        task = assigned
        task.status = status
        if task.isToldToStop, task.status.state == .running || task.status.state == .starting { stopContainer() }
        if driver == nil, !task.status.state.isTerminal { driver = Task { await drive() } }
    }

    /// Stops the container and deletes it: the task is no longer assigned here.
    func remove() async {
        task.desiredState = .remove
        stopContainer()
        await driver?.value
        await executor.remove(task.id.rawValue)
    }

    /// Stops the container in the background (its exit ends the runner's wait). Asking twice is
    /// harmless: a container asked while runc was still starting it is asked again once it runs.
    private func stopContainer() {
        let grace = Duration.nanoseconds(task.spec.containerSpec?.stopGracePeriod ?? 10_000_000_000)
        let (id, signal) = (task.id.rawValue, task.spec.containerSpec?.stopSignal)
        Task { [executor] in await executor.stop(id, signal: signal, grace: grace) }
    }

    private func drive() async {
        while !Task.isCancelled {
            let state = task.status.state
            if task.isToldToStop {
                if state == .running || state == .starting {
                    stopContainer()
                    await finishRunning()
                } else if !state.isTerminal {
                    await set(.shutdown, "shutdown")
                }
                break
            }
            if state.isTerminal { break }
            switch state {
            case .new, .allocated, .pending, .assigned: await set(.accepted, "accepted")
            case .accepted: await set(.preparing, "preparing")
            case .preparing:
                do {
                    try await executor.prepare(ContainerRun(task))
                    await set(.ready, "prepared")
                } catch {
                    logger.warning("task rejected", metadata: ["task": "\(task.id)", "error": "\(error)"])
                    await set(.rejected, "preparing", error: "\(error)")
                }
            case .ready: await set(.starting, "starting")
            case .starting:
                do {
                    let started = ContinuousClock.now
                    let pid = try await executor.start(task.id.rawValue)
                    let took = ContinuousClock.now - started
                    logger.info("task running", metadata: ["task": "\(task.id)", "start_ms": "\(Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000)"])
                    await set(.running, "started", container: .init(containerID: task.id.rawValue, pid: pid, exitCode: nil))
                } catch {
                    await set(.failed, "starting", error: "\(error)")
                }
            case .running: await finishRunning()
            default: return
            }
        }
        if task.status.state.isTerminal { await executor.releaseRootFilesystem(of: task.id.rawValue) }
        driver = nil
    }

    /// Waits for the running container to exit and records how it ended.
    private func finishRunning() async {
        let exit = await executor.wait(task.id.rawValue)
        var container = task.status.container ?? .init(containerID: task.id.rawValue, pid: 0, exitCode: nil)
        container.exitCode = exit.code
        if task.isToldToStop {
            await set(.shutdown, "shutdown", container: container)
        } else if exit.code == 0 {
            await set(.complete, "finished", container: container)
        } else if let code = exit.code {
            await set(.failed, "started", error: "task: non-zero exit (\(code))", container: container)
        } else {
            await set(.failed, "started", error: "the container stopped while swarmd was not running; its exit code is unknown", container: container)
        }
    }

    private func set(_ state: TaskState, _ message: String, error: String? = nil, container: SwarmTask.ContainerStatus? = nil) async {
        task.status = SwarmTask.Status(timestamp: Date(), state: state, message: message, error: error, container: container ?? task.status.container)
        await report(task, task.status)
    }
}
