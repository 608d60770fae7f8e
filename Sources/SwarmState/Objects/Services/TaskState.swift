/// Where a task is in its life, Docker's states in Docker's order: a task only ever moves
/// forward (`<` compares by that order), and everything after `running` is terminal. Managers
/// own the states up to `assigned`, the agent on the task's node the ones after; `remove` is
/// only ever a desired state (the task reaper deletes such tasks once they stop).
public enum TaskState: String, Sendable, Codable, CaseIterable, Comparable {
    case new, allocated, pending, assigned, accepted, preparing, ready, starting, running
    case complete, shutdown, failed, rejected, remove, orphaned

    private var order: Int {
        switch self {
        case .new: 0
        case .allocated: 1
        case .pending: 2
        case .assigned: 3
        case .accepted: 4
        case .preparing: 5
        case .ready: 6
        case .starting: 7
        case .running: 8
        case .complete: 9
        case .shutdown: 10
        case .failed: 11
        case .rejected: 12
        case .remove: 13
        case .orphaned: 14
        }
    }

    public static func < (lhs: TaskState, rhs: TaskState) -> Bool { lhs.order < rhs.order }

    /// Whether the task has stopped for good (it ran to the end, failed, was shut down, …).
    public var isTerminal: Bool { self > .running }
}
