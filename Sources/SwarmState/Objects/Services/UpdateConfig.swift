/// How a service's tasks are replaced when its spec changes (`UpdateConfig`), or when it rolls
/// back (`RollbackConfig`). Absent fields take Swarm's defaults (`withDefaults`).
public struct UpdateConfig: Hashable, Sendable, Codable {
    public var parallelism: UInt64?
    /// Nanoseconds between batches.
    public var delay: Int64?
    /// `pause`, `continue` or `rollback`.
    public var failureAction: String?
    /// Nanoseconds a new task is watched for failure.
    public var monitor: Int64?
    public var maxFailureRatio: Double?
    /// `stop-first` or `start-first`.
    public var order: String?

    public init(
        parallelism: UInt64? = nil, delay: Int64? = nil, failureAction: String? = nil, monitor: Int64? = nil, maxFailureRatio: Double? = nil,
        order: String? = nil
    ) {
        self.parallelism = parallelism
        self.delay = delay
        self.failureAction = failureAction
        self.monitor = monitor
        self.maxFailureRatio = maxFailureRatio
        self.order = order
    }

    enum CodingKeys: String, CodingKey {
        case parallelism = "Parallelism", delay = "Delay", failureAction = "FailureAction", monitor = "Monitor"
        case maxFailureRatio = "MaxFailureRatio", order = "Order"
    }

    /// The settings with Swarm's defaults where absent: one at a time, no delay, pause on
    /// failure, 5 s monitor, no failures tolerated, stop the old task first.
    public var withDefaults: UpdateConfig {
        UpdateConfig(
            parallelism: parallelism ?? 1, delay: delay ?? 0, failureAction: failureAction ?? "pause", monitor: monitor ?? 5_000_000_000,
            maxFailureRatio: maxFailureRatio ?? 0, order: order ?? "stop-first"
        )
    }
}
