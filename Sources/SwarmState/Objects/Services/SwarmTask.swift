public import Foundation

/// One instance of a service: Docker's task (named `SwarmTask` here so it never hides Swift's
/// `Task`). A replicated service's tasks fill slots 1…replicas; a global service's are one per
/// node. A task is never moved: a replacement is a new task in the same slot.
public struct SwarmTask: StoreObject {
    public static let kind = ObjectKind.task

    /// What the task's container reported.
    public struct ContainerStatus: Hashable, Sendable, Codable {
        public var containerID: String
        public var pid: Int32
        public var exitCode: Int32?

        public init(containerID: String, pid: Int32, exitCode: Int32?) {
            self.containerID = containerID
            self.pid = pid
            self.exitCode = exitCode
        }
    }

    /// Where the task is, and why.
    public struct Status: Hashable, Sendable, Codable {
        public var timestamp: Date
        public var state: TaskState
        /// What happened last, in a few words ("created", "scheduler assigned task to node").
        public var message: String
        /// Why the task failed or cannot proceed ("no suitable node (…)").
        public var error: String?
        public var container: ContainerStatus?

        public init(timestamp: Date, state: TaskState, message: String, error: String? = nil, container: ContainerStatus? = nil) {
            self.timestamp = timestamp
            self.state = state
            self.message = message
            self.error = error
            self.container = container
        }
    }

    public var id: TaskID
    public var meta: ObjectMeta
    public var serviceID: ServiceID
    /// The replica's number (1…), or 0 for a global service's task.
    public var slot: UInt64
    /// The node the task runs on: set by the scheduler, or at creation for a global task.
    public var nodeID: NodeID?
    /// The service's template when the task was created.
    public var spec: TaskSpec
    public var status: Status
    /// What the orchestrator wants of the task: running (complete, for a job's task), or shut
    /// down and gone.
    public var desiredState: TaskState
    /// The job iteration the task belongs to (`JobStatus`), nil for tasks of other services.
    public var jobIteration: UInt64?

    public init(
        id: TaskID, meta: ObjectMeta, serviceID: ServiceID, slot: UInt64, nodeID: NodeID?, spec: TaskSpec, status: Status, desiredState: TaskState,
        jobIteration: UInt64? = nil
    ) {
        self.id = id
        self.meta = meta
        self.serviceID = serviceID
        self.slot = slot
        self.nodeID = nodeID
        self.spec = spec
        self.status = status
        self.desiredState = desiredState
        self.jobIteration = jobIteration
    }

    public var uniqueName: String? { nil }
    public var referenceName: String { id.rawValue }

    /// Whether the task was told to stop: its desired state is past running (and past complete,
    /// which a job's tasks are to reach).
    public var isToldToStop: Bool { desiredState > .complete }

    /// The index key of a service's tasks.
    public static func serviceIndexKey(_ id: ServiceID) -> String { "task.service=" + id.rawValue }
    /// The index key of a node's tasks.
    public static func nodeIndexKey(_ id: NodeID) -> String { "task.node=" + id.rawValue }
    /// The index key of the tasks waiting for the scheduler.
    public static let pendingIndexKey = "task.pending"
    /// Tasks told to stop (desired state shutdown or beyond): what the task reaper looks at.
    public static let stoppingIndexKey = "task.stopping"

    public var indexKeys: [String] {
        var keys = [Self.serviceIndexKey(serviceID)]
        if let nodeID { keys.append(Self.nodeIndexKey(nodeID)) }
        if status.state == .pending, !isToldToStop { keys.append(Self.pendingIndexKey) }
        if isToldToStop { keys.append(Self.stoppingIndexKey) }
        return keys
    }

    /// Whether the task holds its slot or node: it runs or is on its way to, and nobody asked
    /// it to stop.
    public var isActive: Bool { !isToldToStop && !status.state.isTerminal }
}
