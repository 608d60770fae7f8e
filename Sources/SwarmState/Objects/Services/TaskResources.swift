/// A task's resource limits and reservations: Docker's `TaskTemplate.Resources`. The scheduler
/// places a task only where its reservations fit; the executor enforces its limits.
public struct TaskResources: Hashable, Sendable, Codable {
    /// CPU (in billionths of a CPU), memory and process counts.
    public struct Amounts: Hashable, Sendable, Codable {
        public var nanoCPUs: Int64?
        public var memoryBytes: Int64?
        /// Most processes the container may have (limits only).
        public var pids: Int64?

        public init(nanoCPUs: Int64? = nil, memoryBytes: Int64? = nil, pids: Int64? = nil) {
            self.nanoCPUs = nanoCPUs
            self.memoryBytes = memoryBytes
            self.pids = pids
        }

        enum CodingKeys: String, CodingKey {
            case nanoCPUs = "NanoCPUs", memoryBytes = "MemoryBytes", pids = "Pids"
        }
    }

    public var limits: Amounts?
    public var reservations: Amounts?

    public init(limits: Amounts? = nil, reservations: Amounts? = nil) {
        self.limits = limits
        self.reservations = reservations
    }

    enum CodingKeys: String, CodingKey {
        case limits = "Limits", reservations = "Reservations"
    }
}
