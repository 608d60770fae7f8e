/// A member of the swarm: a host running swarmd, as a manager or a worker.
public struct Node: StoreObject {
    public static let kind = ObjectKind.node

    /// Where a node is, as the dispatcher last saw it.
    public enum State: String, Sendable, Codable {
        case unknown, down, ready, disconnected
    }

    /// What the node reported about itself when it joined.
    public struct Description: Hashable, Sendable, Codable {
        public var hostname: String
        public var architecture: String
        public var operatingSystem: String
        public var nanoCPUs: Int64
        public var memoryBytes: Int64
        public var engineVersion: String

        public init(hostname: String, architecture: String, operatingSystem: String, nanoCPUs: Int64, memoryBytes: Int64, engineVersion: String) {
            self.hostname = hostname
            self.architecture = architecture
            self.operatingSystem = operatingSystem
            self.nanoCPUs = nanoCPUs
            self.memoryBytes = memoryBytes
            self.engineVersion = engineVersion
        }
    }

    /// The node's observed state.
    public struct Status: Hashable, Sendable, Codable {
        public var state: State
        public var message: String
        /// The address the node's traffic comes from.
        public var address: String

        public init(state: State, message: String = "", address: String) {
            self.state = state
            self.message = message
            self.address = address
        }
    }

    /// A manager's place in the Raft group.
    public struct ManagerStatus: Hashable, Sendable, Codable {
        /// Its Raft member id.
        public var raftMemberID: UInt64
        /// The address other managers reach it at (`host:port`).
        public var address: String

        public init(raftMemberID: UInt64, address: String) {
            self.raftMemberID = raftMemberID
            self.address = address
        }
    }

    public var id: NodeID
    public var meta: ObjectMeta
    public var spec: NodeSpec
    /// The role the node has now (the spec's role is the one it should have).
    public var role: NodeSpec.Role
    public var description: Description
    public var status: Status
    /// Set for managers.
    public var managerStatus: ManagerStatus?

    public init(
        id: NodeID, meta: ObjectMeta, spec: NodeSpec, role: NodeSpec.Role, description: Description, status: Status,
        managerStatus: ManagerStatus?
    ) {
        self.id = id
        self.meta = meta
        self.spec = spec
        self.role = role
        self.description = description
        self.status = status
        self.managerStatus = managerStatus
    }

    /// Node names need not be unique (Docker allows two hosts with the same name).
    public var uniqueName: String? { nil }
    /// The spec's name if set, else the host name.
    public var referenceName: String { spec.name ?? description.hostname }

    /// The index key of the nodes with a manager status (the Raft members).
    public static let raftMemberIndexKey = "node.raft-member"
    public var indexKeys: [String] { managerStatus == nil ? [] : [Self.raftMemberIndexKey] }
}
