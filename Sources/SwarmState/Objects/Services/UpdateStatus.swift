public import Foundation

/// Where a service's rolling update (or rollback) stands, as Docker's `UpdateStatus` shows it:
/// set when the task template changes, completed by the orchestrator once every slot runs the
/// new template, paused when too many new tasks fail.
public struct UpdateStatus: Hashable, Sendable, Codable {
    /// Docker's update states.
    public enum State: String, Hashable, Sendable, Codable {
        case updating, paused, completed
        case rollbackStarted = "rollback_started", rollbackPaused = "rollback_paused", rollbackCompleted = "rollback_completed"

        /// Whether tasks are being replaced in this state.
        public var isInProgress: Bool { self == .updating || self == .rollbackStarted }
        /// Whether this is a rollback's state.
        public var isRollback: Bool { self == .rollbackStarted || self == .rollbackPaused || self == .rollbackCompleted }
    }

    public var state: State
    public var startedAt: Date
    public var completedAt: Date?
    public var message: String

    public init(state: State, startedAt: Date, completedAt: Date? = nil, message: String) {
        self.state = state
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case state = "State", startedAt = "StartedAt", completedAt = "CompletedAt", message = "Message"
    }
}
