/// What the CA service asks of the manager behind it: the root CA, certificates for nodes that
/// present a valid join token, and new certificates for nodes of the swarm. SwarmManager
/// implements it over the store.
public protocol NodeCertificateIssuer: Sendable {
    func rootCACertificatePEM() async throws(RequestRefusal) -> String
    func issue(for application: JoinApplication) async throws(RequestRefusal) -> IssuedNodeCertificate
    /// A certificate for a node of the swarm, in the role the swarm now wants for it: a renewal
    /// in the same role, or a promotion (with its admission) or demotion.
    func renew(_ renewal: RenewalApplication) async throws(RequestRefusal) -> IssuedNodeCertificate
}

/// A node of the swarm asking for a new certificate: who its current certificate says it is,
/// and its new public key.
public struct RenewalApplication: Sendable {
    public var nodeID: String
    /// The role of the certificate it presented.
    public var currentRole: TransportRole
    /// P-256 public key, DER (SubjectPublicKeyInfo).
    public var publicKeyDER: [UInt8]
    /// `host:port` other managers reach the node at, should it become a manager.
    public var advertiseAddress: String

    public init(nodeID: String, currentRole: TransportRole, publicKeyDER: [UInt8], advertiseAddress: String) {
        self.nodeID = nodeID
        self.currentRole = currentRole
        self.publicKeyDER = publicKeyDER
        self.advertiseAddress = advertiseAddress
    }
}

/// A joining node's request: its token, its public key and what it says about itself.
public struct JoinApplication: Sendable {
    public var joinToken: String
    /// P-256 public key, DER (SubjectPublicKeyInfo).
    public var publicKeyDER: [UInt8]
    public var hostname: String
    public var advertiseAddress: String
    public var availability: String
    public var architecture: String
    public var operatingSystem: String
    public var nanoCPUs: Int64
    public var memoryBytes: Int64
    public var engineVersion: String

    public init(
        joinToken: String, publicKeyDER: [UInt8], hostname: String, advertiseAddress: String, availability: String, architecture: String,
        operatingSystem: String, nanoCPUs: Int64, memoryBytes: Int64, engineVersion: String
    ) {
        self.joinToken = joinToken
        self.publicKeyDER = publicKeyDER
        self.hostname = hostname
        self.advertiseAddress = advertiseAddress
        self.availability = availability
        self.architecture = architecture
        self.operatingSystem = operatingSystem
        self.nanoCPUs = nanoCPUs
        self.memoryBytes = memoryBytes
        self.engineVersion = engineVersion
    }
}

/// The certificate a joining node was issued, with its new identity; a manager also gets what
/// it needs to become a Raft member.
public struct IssuedNodeCertificate: Sendable {
    public var nodeID: String
    public var certificateChainPEM: String
    public var role: TransportRole
    public var clusterID: String
    /// Managers only: its Raft membership and the cluster secrets key.
    public var manager: ManagerAdmission?

    public init(nodeID: String, certificateChainPEM: String, role: TransportRole, clusterID: String, manager: ManagerAdmission? = nil) {
        self.nodeID = nodeID
        self.certificateChainPEM = certificateChainPEM
        self.role = role
        self.clusterID = clusterID
        self.manager = manager
    }
}

/// What a joining manager gets besides its certificate.
public struct ManagerAdmission: Sendable {
    public var raftMemberID: UInt64
    /// The cluster secrets key (sent over TLS verified against the root CA, to the holder of
    /// the manager join token only).
    public var secretsKey: [UInt8]
    /// The other managers: Raft member ID and address.
    public var peers: [(raftMemberID: UInt64, address: String)]

    public init(raftMemberID: UInt64, secretsKey: [UInt8], peers: [(raftMemberID: UInt64, address: String)]) {
        self.raftMemberID = raftMemberID
        self.secretsKey = secretsKey
        self.peers = peers
    }
}
