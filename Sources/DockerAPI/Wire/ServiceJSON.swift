import Foundation
import SwarmState

/// Docker's service (`GET /services`, `/services/{id}`).
struct ServiceJSON: Encodable {
    struct EndpointJSON: Encodable {
        let Spec: EndpointSpec
    }

    /// Task counts for `docker service ls` (`?status=true`).
    struct StatusJSON: Encodable {
        let RunningTasks: Int
        let DesiredTasks: Int
        let CompletedTasks: Int
    }

    let ID: String
    let Version: VersionJSON
    let CreatedAt: Date
    let UpdatedAt: Date
    let Spec: ServiceSpec
    let PreviousSpec: ServiceSpec?
    let Endpoint: EndpointJSON
    let UpdateStatus: UpdateStatus?
    let ServiceStatus: StatusJSON?
    let JobStatus: JobStatus?

    /// `service` as Docker shows it; `insertDefaults` fills in Swarm's defaults, `tasks` (its
    /// tasks) adds the status counts.
    init(_ service: Service, insertDefaults: Bool, tasks: [SwarmTask]?) {
        ID = service.id.rawValue
        Version = VersionJSON(service.meta.version)
        CreatedAt = service.meta.createdAt
        UpdatedAt = service.meta.updatedAt
        Spec = insertDefaults ? service.spec.withDefaults : service.spec
        PreviousSpec = service.previousSpec.map { insertDefaults ? $0.withDefaults : $0 }
        Endpoint = EndpointJSON(Spec: service.spec.endpointSpec ?? EndpointSpec(mode: "vip"))
        UpdateStatus = service.updateStatus
        JobStatus = service.jobStatus
        ServiceStatus = tasks.map { Self.status(of: service, tasks: $0) }
    }

    /// The counts `docker service ls` shows: running of desired, and for a job, completed in
    /// its current iteration (desired: those that may still run, at most `MaxConcurrent`).
    private static func status(of service: Service, tasks: [SwarmTask]) -> StatusJSON {
        let counted = service.jobStatus.map { job in tasks.filter { $0.jobIteration == job.jobIteration.index } } ?? tasks
        let running = counted.filter { $0.status.state == .running && !$0.isToldToStop }.count
        let completed = counted.filter { $0.status.state == .complete }.count
        let desired: Int
        if let job = service.spec.mode.replicatedJob?.withDefaults {
            desired = max(0, min(Int(job.maxConcurrent ?? 1), Int(job.totalCompletions ?? 1) - completed))
        } else {
            desired = service.spec.replicas.map(Int.init) ?? counted.filter { !$0.isToldToStop }.count
        }
        return StatusJSON(RunningTasks: running, DesiredTasks: desired, CompletedTasks: completed)
    }
}

/// Docker's task (`GET /tasks`, `/tasks/{id}`).
struct TaskJSON: Encodable {
    struct StatusJSON: Encodable {
        struct ContainerStatusJSON: Encodable {
            let ContainerID: String
            let PID: Int32
            let ExitCode: Int32
        }

        let Timestamp: Date
        let State: String
        let Message: String
        let Err: String?
        let ContainerStatus: ContainerStatusJSON?
        let PortStatus: [String: String] = [:]
    }

    let ID: String
    let Version: VersionJSON
    let CreatedAt: Date
    let UpdatedAt: Date
    let Labels: Labels = [:]
    let Spec: TaskSpec
    let ServiceID: String
    let Slot: UInt64?
    let NodeID: String?
    let Status: StatusJSON
    let DesiredState: String
    let JobIteration: JobStatus.Iteration?

    init(_ task: SwarmTask) {
        ID = task.id.rawValue
        Version = VersionJSON(task.meta.version)
        CreatedAt = task.meta.createdAt
        UpdatedAt = task.meta.updatedAt
        Spec = task.spec
        ServiceID = task.serviceID.rawValue
        Slot = task.slot == 0 ? nil : task.slot
        NodeID = task.nodeID?.rawValue
        Status = StatusJSON(
            Timestamp: task.status.timestamp, State: task.status.state.rawValue, Message: task.status.message, Err: task.status.error,
            ContainerStatus: task.status.container.map { .init(ContainerID: $0.containerID, PID: $0.pid, ExitCode: $0.exitCode ?? 0) }
        )
        DesiredState = task.desiredState.rawValue
        JobIteration = task.jobIteration.map { JobStatus.Iteration(index: $0) }
    }
}
