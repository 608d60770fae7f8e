import Foundation
public import SwarmCrypto
public import SwarmState
public import SwarmTransport

/// Everything `docker swarm init` creates before the first write: the cluster's identity, its
/// root CA, the cluster secrets key, the join tokens, and the founding manager's node identity
/// and certificate.
public struct SwarmFounding: Sendable {
    public let clusterID: ClusterID
    public let nodeID: NodeID
    public let authority: TransportCertificateAuthority
    /// The founder's certificate (OU `swarm-manager`) and key.
    public let identity: TransportIdentity
    /// Seals secret payloads and the CA key inside the store; never stored in it.
    public let secretsKey: SecretKey

    public init() throws(ControlError) {
        clusterID = .random()
        nodeID = .random()
        secretsKey = SecretKey.random()
        do {
            authority = try TransportCertificateAuthority(clusterID: clusterID.rawValue)
            identity = try authority.issue(nodeID: nodeID.rawValue, role: .manager)
        } catch {
            throw ControlError(.internalFailure, "creating the swarm's root CA failed: \(error)")
        }
    }

    /// The first transaction of the swarm: its cluster object and the founder's node object.
    func initialActions(
        spec: ClusterSpec, founder: Node.Description, availability: NodeSpec.Availability, address: String, raftMemberID: UInt64, at time: Date,
        sealedUnlockKey: Data?
    ) -> [StoreAction] {
        let rootCA = Array(authority.certificatePEM.utf8)
        let cluster = Cluster(
            id: clusterID, meta: ObjectMeta(createdAt: time), spec: spec,
            rootCA: Cluster.RootCA(
                certificatePEM: authority.certificatePEM,
                sealedPrivateKey: ClusterSealing.seal(authority.privateKeyBytes, for: .rootCAKey, with: secretsKey)
            ),
            joinTokens: Cluster.JoinTokens(
                worker: JoinToken.generate(rootCACertificatePEM: rootCA).revealedText(),
                manager: JoinToken.generate(rootCACertificatePEM: rootCA).revealedText()
            ),
            sealedUnlockKey: sealedUnlockKey
        )
        let node = Node(
            id: nodeID, meta: ObjectMeta(createdAt: time), spec: NodeSpec(role: .manager, availability: availability), role: .manager, description: founder,
            status: Node.Status(state: .ready, address: TransportAddress(address)?.host ?? address),
            managerStatus: Node.ManagerStatus(raftMemberID: raftMemberID, address: address)
        )
        return [.create(.cluster(cluster)), .create(.node(node))]
    }
}
