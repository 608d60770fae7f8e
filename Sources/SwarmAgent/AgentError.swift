/// Why the agent could not keep its record of tasks.
public enum AgentError: Error, Sendable, CustomStringConvertible {
    /// The task database failed (its path and SQLite's words).
    case database(String)

    public var description: String {
        switch self {
        case .database(let detail): "the agent's task database: \(detail)"
        }
    }
}
