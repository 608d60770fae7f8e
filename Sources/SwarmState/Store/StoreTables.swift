/// The whole state of the swarm: one table per kind. A value: copying it is O(1) (the tables
/// are copy-on-write), so readers and snapshots take it as it is.
public struct StoreTables: Sendable, Codable {
    public internal(set) var clusters = Table<Cluster>()
    public internal(set) var nodes = Table<Node>()
    public internal(set) var secrets = Table<Secret>()
    public internal(set) var configs = Table<Config>()
    public internal(set) var services = Table<Service>()
    public internal(set) var tasks = Table<SwarmTask>()

    public init() {}

    /// The swarm's one cluster object, once `swarm init` committed it.
    public var cluster: Cluster? { clusters.all.first }
}
