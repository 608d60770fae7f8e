/// How many tasks a service has: Docker's `Mode`, exactly one of its four members set.
public struct ServiceMode: Hashable, Sendable, Codable {
    /// A fixed number of tasks, placed by the scheduler.
    public struct Replicated: Hashable, Sendable, Codable {
        /// Signed, so that a negative count gets an error that says so instead of a decoding one.
        public var replicas: Int64?

        public init(replicas: Int64?) {
            self.replicas = replicas
        }

        enum CodingKeys: String, CodingKey { case replicas = "Replicas" }
    }

    /// Tasks that run to completion, some at a time, until enough have completed.
    public struct ReplicatedJob: Hashable, Sendable, Codable {
        public var maxConcurrent: Int64?
        public var totalCompletions: Int64?

        public init(maxConcurrent: Int64?, totalCompletions: Int64?) {
            self.maxConcurrent = maxConcurrent
            self.totalCompletions = totalCompletions
        }

        /// With Docker's defaults where unsaid: one task at a time, and as many completions as
        /// may run at once.
        public var withDefaults: ReplicatedJob {
            let concurrent = maxConcurrent ?? 1
            return ReplicatedJob(maxConcurrent: concurrent, totalCompletions: totalCompletions ?? concurrent)
        }

        enum CodingKeys: String, CodingKey { case maxConcurrent = "MaxConcurrent", totalCompletions = "TotalCompletions" }
    }

    /// No settings: `{}` on the wire.
    public struct Empty: Hashable, Sendable, Codable {
        public init() {}
    }

    public var replicated: Replicated?
    /// One task on every eligible node.
    public var global: Empty?
    public var replicatedJob: ReplicatedJob?
    /// One task to completion on every eligible node.
    public var globalJob: Empty?

    public init(replicated: Replicated? = nil, global: Empty? = nil, replicatedJob: ReplicatedJob? = nil, globalJob: Empty? = nil) {
        self.replicated = replicated
        self.global = global
        self.replicatedJob = replicatedJob
        self.globalJob = globalJob
    }

    public static func replicated(_ replicas: Int64) -> ServiceMode { ServiceMode(replicated: Replicated(replicas: replicas)) }
    public static let global = ServiceMode(global: Empty())

    enum CodingKeys: String, CodingKey {
        case replicated = "Replicated", global = "Global", replicatedJob = "ReplicatedJob", globalJob = "GlobalJob"
    }

    /// The mode's kind, whatever its settings.
    public enum Kind: String, Sendable {
        case replicated, global, replicatedJob = "replicated-job", globalJob = "global-job"
    }

    /// Whether the tasks run to completion (replicated-job, global-job) rather than for ever.
    public var isJob: Bool { replicatedJob != nil || globalJob != nil }

    /// The one member that is set, or nil when none or several are.
    public var kind: Kind? {
        let set: [Kind] = [
            replicated.map { _ in .replicated }, global.map { _ in .global }, replicatedJob.map { _ in .replicatedJob },
            globalJob.map { _ in .globalJob },
        ].compactMap { $0 }
        return set.count == 1 ? set[0] : nil
    }
}
