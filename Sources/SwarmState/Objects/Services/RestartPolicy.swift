/// When a task that stopped is replaced: Docker's `TaskTemplate.RestartPolicy`. Absent fields
/// take Swarm's defaults (`effective…`): condition any, delay 5 s, unlimited attempts, no window.
public struct RestartPolicy: Hashable, Sendable, Codable {
    /// Which ends of a task lead to a replacement.
    public enum Condition: String, Sendable, Codable, CaseIterable {
        case none
        case onFailure = "on-failure"
        case any
    }

    public static let defaultDelay: Int64 = 5_000_000_000

    public var condition: Condition?
    /// Nanoseconds between a task's end and its replacement's start.
    public var delay: Int64?
    /// Replacements per slot before giving up (0: unlimited).
    public var maxAttempts: UInt64?
    /// Nanoseconds over which attempts are counted (0: the whole life of the spec).
    public var window: Int64?

    public init(condition: Condition? = nil, delay: Int64? = nil, maxAttempts: UInt64? = nil, window: Int64? = nil) {
        self.condition = condition
        self.delay = delay
        self.maxAttempts = maxAttempts
        self.window = window
    }

    enum CodingKeys: String, CodingKey {
        case condition = "Condition", delay = "Delay", maxAttempts = "MaxAttempts", window = "Window"
    }

    public var effectiveCondition: Condition { condition ?? .any }
    public var effectiveDelay: Int64 { delay ?? Self.defaultDelay }
    public var effectiveMaxAttempts: UInt64 { maxAttempts ?? 0 }
    public var effectiveWindow: Int64 { window ?? 0 }
}
