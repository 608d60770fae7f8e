/// What an operator sets on the swarm (`docker swarm init/update` flags): Docker's `Spec` of
/// `GET /swarm`. Absent parts, and zero ticks, intervals and periods (the docker CLI sends
/// zeros for flags not given), take Docker Swarm's defaults. Durations are nanoseconds, as on
/// Docker's wire.
public struct ClusterSpec: Hashable, Sendable, Codable {
    /// How many finished tasks per slot are kept for `docker service ps`.
    public struct Orchestration: Hashable, Sendable, Codable {
        public var taskHistoryRetentionLimit: Int64 = 5
        enum CodingKeys: String, CodingKey { case taskHistoryRetentionLimit = "TaskHistoryRetentionLimit" }
        public init() {}
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            taskHistoryRetentionLimit = try container.decodeIfPresent(Int64.self, forKey: .taskHistoryRetentionLimit) ?? 5
        }
    }

    /// Docker's Raft settings, shown by `docker info` (swarmd's own Raft timing is its ticks).
    public struct Raft: Hashable, Sendable, Codable {
        public var snapshotInterval: UInt64 = 10_000
        public var keepOldSnapshots: UInt64 = 0
        public var logEntriesForSlowFollowers: UInt64 = 500
        public var electionTick: Int = 10
        public var heartbeatTick: Int = 1
        enum CodingKeys: String, CodingKey {
            case snapshotInterval = "SnapshotInterval", keepOldSnapshots = "KeepOldSnapshots"
            case logEntriesForSlowFollowers = "LogEntriesForSlowFollowers", electionTick = "ElectionTick", heartbeatTick = "HeartbeatTick"
        }
        public init() {}
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Raft()
            snapshotInterval = positive(try container.decodeIfPresent(UInt64.self, forKey: .snapshotInterval), or: defaults.snapshotInterval)
            keepOldSnapshots = try container.decodeIfPresent(UInt64.self, forKey: .keepOldSnapshots) ?? defaults.keepOldSnapshots
            logEntriesForSlowFollowers =
                try container.decodeIfPresent(UInt64.self, forKey: .logEntriesForSlowFollowers) ?? defaults.logEntriesForSlowFollowers
            electionTick = positive(try container.decodeIfPresent(Int.self, forKey: .electionTick), or: defaults.electionTick)
            heartbeatTick = positive(try container.decodeIfPresent(Int.self, forKey: .heartbeatTick), or: defaults.heartbeatTick)
        }
    }

    /// How often agents heartbeat (`--dispatcher-heartbeat`).
    public struct Dispatcher: Hashable, Sendable, Codable {
        /// Nanoseconds between agent heartbeats (5 s).
        public var heartbeatPeriod: Int64 = 5_000_000_000
        enum CodingKeys: String, CodingKey { case heartbeatPeriod = "HeartbeatPeriod" }
        public init() {}
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            heartbeatPeriod = positive(try container.decodeIfPresent(Int64.self, forKey: .heartbeatPeriod), or: Dispatcher().heartbeatPeriod)
        }
    }

    /// How long node certificates are valid (`--cert-expiry`).
    public struct CAConfig: Hashable, Sendable, Codable {
        /// Nanoseconds a node certificate is valid (90 days).
        public var nodeCertExpiry: Int64 = 90 * 24 * 3600 * 1_000_000_000
        enum CodingKeys: String, CodingKey { case nodeCertExpiry = "NodeCertExpiry" }
        public init() {}
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            nodeCertExpiry = positive(try container.decodeIfPresent(Int64.self, forKey: .nodeCertExpiry), or: CAConfig().nodeCertExpiry)
        }
    }

    /// Whether managers' data keys are wrapped under the unlock key (`--autolock`).
    public struct EncryptionConfig: Hashable, Sendable, Codable {
        public var autoLockManagers = false
        enum CodingKeys: String, CodingKey { case autoLockManagers = "AutoLockManagers" }
        public init() {}
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            autoLockManagers = try container.decodeIfPresent(Bool.self, forKey: .autoLockManagers) ?? false
        }
    }

    public var name = "default"
    public var labels: Labels = [:]
    public var orchestration = Orchestration()
    public var raft = Raft()
    public var dispatcher = Dispatcher()
    public var caConfig = CAConfig()
    public var encryptionConfig = EncryptionConfig()

    enum CodingKeys: String, CodingKey {
        case name = "Name", labels = "Labels", orchestration = "Orchestration", raft = "Raft", dispatcher = "Dispatcher"
        case caConfig = "CAConfig", encryptionConfig = "EncryptionConfig"
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? "default"
        labels = try container.decodeIfPresent(Labels.self, forKey: .labels) ?? [:]
        orchestration = try container.decodeIfPresent(Orchestration.self, forKey: .orchestration) ?? Orchestration()
        raft = try container.decodeIfPresent(Raft.self, forKey: .raft) ?? Raft()
        dispatcher = try container.decodeIfPresent(Dispatcher.self, forKey: .dispatcher) ?? Dispatcher()
        caConfig = try container.decodeIfPresent(CAConfig.self, forKey: .caConfig) ?? CAConfig()
        encryptionConfig = try container.decodeIfPresent(EncryptionConfig.self, forKey: .encryptionConfig) ?? EncryptionConfig()
    }
}

/// `value` when given and positive, else Docker's default.
private func positive<Value: BinaryInteger>(_ value: Value?, or fallback: Value) -> Value {
    guard let value, value > 0 else { return fallback }
    return value
}
