/// What the dispatcher service asks of the manager behind it for tasks: the tasks assigned to a
/// node, as a stream of changes, and the statuses a node reports. Tasks and statuses travel as
/// the store's binary encoding of its objects, which this layer does not look into.
public protocol TaskDispatch: Sendable {
    /// The tasks assigned to node `nodeID`: a complete set, then changes until the stream ends
    /// (the manager stopped leading, or is stopping); or the leader's address to ask instead.
    func assignments(for nodeID: String) async throws(RequestRefusal) -> AssignmentSubscription

    /// Records the statuses node `nodeID` reports of its tasks; returns the leader's address
    /// when this manager does not lead (nothing was recorded).
    ///
    /// - Throws: a refusal when a task is not the node's, or the statuses cannot be recorded now.
    func reportStatuses(_ reports: [TaskStatusReport], from nodeID: String) async throws(RequestRefusal) -> String?
}

/// The answer to a node asking for its assignments.
public enum AssignmentSubscription: Sendable {
    /// This manager does not lead: ask the leader at `leaderAddress` (`host:port`).
    case redirect(leaderAddress: String)
    /// The assignments, as they change.
    case stream(AsyncStream<AssignmentBatch>)
}

/// One message of a node's assignments.
public struct AssignmentBatch: Sendable, Equatable {
    /// Whether `updatedTasks` is every task of the node (the first message) or the changes since
    /// the previous message.
    public var isComplete: Bool
    /// Each task new to the node or changed, in the store's encoding.
    public var updatedTasks: [[UInt8]]
    /// Tasks no longer assigned to the node.
    public var removedTaskIDs: [String]

    public init(isComplete: Bool, updatedTasks: [[UInt8]], removedTaskIDs: [String]) {
        self.isComplete = isComplete
        self.updatedTasks = updatedTasks
        self.removedTaskIDs = removedTaskIDs
    }
}

/// A node's report of one task's status.
public struct TaskStatusReport: Sendable, Equatable {
    public var taskID: String
    /// The task's status, in the store's encoding.
    public var status: [UInt8]

    public init(taskID: String, status: [UInt8]) {
        self.taskID = taskID
        self.status = status
    }
}
