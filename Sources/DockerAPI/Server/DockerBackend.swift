public import SwarmManager
public import SwarmState
public import SwarmTransport

/// What the Docker API asks of the node it serves: its place in a swarm, the swarm verbs that
/// change it, and the control API when it is a manager. `SwarmNode` is the one implementation.
public protocol DockerBackend: Sendable {
    /// The node's state as `/_ping`, `/info` and every swarm call need it.
    func swarmStatus() async -> SwarmStatus
    /// Facts about the host for `/info` and `/version`.
    var host: HostFacts { get }
    /// `docker swarm init`: founds a swarm with this node as its only manager.
    func initialize(_ request: SwarmInitRequest) async throws(ControlError) -> NodeID
    /// `docker swarm join`: joins the swarm of the manager named in the request, in the role its
    /// token grants.
    func join(_ request: SwarmJoinRequest) async throws(ControlError)
    /// `docker swarm unlock`: opens a locked manager's storage with the unlock key (its text).
    func unlock(_ keyText: String) async throws(ControlError)
    /// `docker swarm leave`.
    func leave(force: Bool) async throws(ControlError)
    /// `docker swarm update`: replaces the swarm's spec read at `version` and rotates what
    /// `rotation` names; returns once this manager's data keys are protected as the new spec says.
    func updateSwarm(spec: ClusterSpec, version: ObjectVersion, rotation: ControlAPI.Rotation) async throws(ControlError)
    /// The control API of this manager, or why there is none (not a manager, locked).
    func control() async throws(ControlError) -> ControlAPI
    /// A hot backup of this manager's state at a linearizable point (swarmd's own endpoint,
    /// read by `swarm-backup`).
    func backup(priority: BackupPriority) async throws(ControlError) -> BackupStream
    /// What the registry says `image` (a reference) names: `GET /distribution/{name}/json`, which
    /// the docker CLI asks to pin a service's image to a digest.
    func distribution(of image: String) async throws(ControlError) -> ImageDistributionJSON
    /// `docker service logs`: the lines of the tasks `selector` names, from the leader's log
    /// broker, which asks the nodes running them (only a manager can).
    func logs(_ selector: LogSelector, options: LogOptions) async throws(ControlError) -> AsyncThrowingStream<LogEvent, any Error>
    /// The Raft leader and the unreachable managers as this manager knows them (nobody leads
    /// and nobody is unreachable on a node that is no manager).
    func raftView() async -> RaftView
}

/// Docker's `LocalNodeState`.
public enum LocalNodeState: String, Sendable {
    case inactive, pending, active, error, locked
}

/// A node's place in a swarm, as `/info` shows it.
public struct SwarmStatus: Sendable {
    public var state: LocalNodeState
    public var nodeID: NodeID?
    /// The address other nodes reach this one at (host only).
    public var nodeAddress: String
    public var isManager: Bool
    /// Managers' addresses (`host:port`) by node ID.
    public var remoteManagers: [(nodeID: NodeID, address: String)]

    public init(state: LocalNodeState, nodeID: NodeID?, nodeAddress: String, isManager: Bool, remoteManagers: [(nodeID: NodeID, address: String)]) {
        self.state = state
        self.nodeID = nodeID
        self.nodeAddress = nodeAddress
        self.isManager = isManager
        self.remoteManagers = remoteManagers
    }

    public static let inactive = SwarmStatus(state: .inactive, nodeID: nil, nodeAddress: "", isManager: false, remoteManagers: [])
}

/// The host a node runs on.
public struct HostFacts: Sendable {
    public var hostname: String
    public var kernelVersion: String
    public var operatingSystem: String
    public var architecture: String
    public var cpuCount: Int
    public var memoryBytes: Int64
    public var serverVersion: String

    public init(hostname: String, kernelVersion: String, operatingSystem: String, architecture: String, cpuCount: Int, memoryBytes: Int64, serverVersion: String) {
        self.hostname = hostname
        self.kernelVersion = kernelVersion
        self.operatingSystem = operatingSystem
        self.architecture = architecture
        self.cpuCount = cpuCount
        self.memoryBytes = memoryBytes
        self.serverVersion = serverVersion
    }
}

/// `POST /swarm/init`'s body.
public struct SwarmInitRequest: Sendable, Decodable {
    public var listenAddress: String
    public var advertiseAddress: String
    public var forceNewCluster: Bool
    public var spec: ClusterSpec
    public var autoLockManagers: Bool
    public var availability: NodeSpec.Availability

    enum CodingKeys: String, CodingKey {
        case listenAddress = "ListenAddr", advertiseAddress = "AdvertiseAddr", forceNewCluster = "ForceNewCluster", spec = "Spec"
        case autoLockManagers = "AutoLockManagers", availability = "Availability"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listenAddress = try container.decodeIfPresent(String.self, forKey: .listenAddress) ?? ""
        advertiseAddress = try container.decodeIfPresent(String.self, forKey: .advertiseAddress) ?? ""
        forceNewCluster = try container.decodeIfPresent(Bool.self, forKey: .forceNewCluster) ?? false
        spec = try container.decodeIfPresent(ClusterSpec.self, forKey: .spec) ?? ClusterSpec()
        autoLockManagers = try container.decodeIfPresent(Bool.self, forKey: .autoLockManagers) ?? false
        let availability = try container.decodeIfPresent(String.self, forKey: .availability) ?? ""
        self.availability = availability.isEmpty ? .active : try NodeSpec.Availability(rawValue: availability) ?? {
            throw DecodingError.dataCorruptedError(forKey: .availability, in: container, debugDescription: "Availability must be active, pause or drain")
        }()
    }
}

/// `POST /swarm/join`'s body.
public struct SwarmJoinRequest: Sendable, Decodable {
    public var listenAddress: String
    public var advertiseAddress: String
    public var remoteAddresses: [String]
    public var joinToken: String
    public var availability: NodeSpec.Availability

    enum CodingKeys: String, CodingKey {
        case listenAddress = "ListenAddr", advertiseAddress = "AdvertiseAddr", remoteAddresses = "RemoteAddrs", joinToken = "JoinToken"
        case availability = "Availability"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listenAddress = try container.decodeIfPresent(String.self, forKey: .listenAddress) ?? ""
        advertiseAddress = try container.decodeIfPresent(String.self, forKey: .advertiseAddress) ?? ""
        remoteAddresses = try container.decodeIfPresent([String].self, forKey: .remoteAddresses) ?? []
        joinToken = try container.decode(String.self, forKey: .joinToken)
        let availability = try container.decodeIfPresent(String.self, forKey: .availability) ?? ""
        self.availability = availability.isEmpty ? .active : try NodeSpec.Availability(rawValue: availability) ?? {
            throw DecodingError.dataCorruptedError(forKey: .availability, in: container, debugDescription: "Availability must be active, pause or drain")
        }()
    }
}
