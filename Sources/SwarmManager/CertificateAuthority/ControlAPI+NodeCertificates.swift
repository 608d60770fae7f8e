import Foundation
import SwarmCrypto
import SwarmState
public import SwarmTransport

/// The CA's join calls over the store: a joining node presents a join token; a valid one gets
/// it a node object and a certificate in the token's role.
extension ControlAPI: NodeCertificateIssuer {
    public func rootCACertificatePEM() async throws(JoinRefusal) -> String {
        try currentCluster().rootCA.certificatePEM
    }

    public func issue(for application: JoinApplication) async throws(JoinRefusal) -> IssuedNodeCertificate {
        let cluster = try currentCluster()
        let role = try role(grantedBy: application.joinToken, in: cluster)
        guard let availability = NodeSpec.Availability(rawValue: application.availability.isEmpty ? "active" : application.availability) else {
            throw JoinRefusal(.invalidRequest, "invalid availability \"\(application.availability.prefix(20))\": use active, pause or drain")
        }
        let authority = try certificateAuthority(of: cluster)
        let nodeID = NodeID.random()
        let certificate: String
        do {
            certificate = try authority.issue(
                nodeID: nodeID.rawValue, role: role == .manager ? .manager : .worker, publicKeyDER: application.publicKeyDER,
                validity: .nanoseconds(cluster.spec.caConfig.nodeCertExpiry)
            )
        } catch {
            throw JoinRefusal(.invalidRequest, "the node's public key cannot be certified: \(error)")
        }
        let host = TransportAddress(application.advertiseAddress)?.host ?? application.advertiseAddress
        let admission = role == .manager ? managerAdmission() : nil
        let node = Node(
            id: nodeID, meta: newMeta(), spec: NodeSpec(role: role, availability: availability), role: role,
            description: Node.Description(
                hostname: application.hostname, architecture: application.architecture, operatingSystem: application.operatingSystem,
                nanoCPUs: application.nanoCPUs, memoryBytes: application.memoryBytes, engineVersion: application.engineVersion
            ),
            status: admission == nil
                ? Node.Status(state: .unknown, message: "waiting for the node's first heartbeat", address: host)
                : Node.Status(state: .ready, address: host),
            managerStatus: admission.map { Node.ManagerStatus(raftMemberID: $0.raftMemberID, address: application.advertiseAddress) }
        )
        do {
            try await write([.create(.node(node))])
        } catch {
            throw JoinRefusal(.unavailable, "the swarm could not record the new node: \(error)")
        }
        return IssuedNodeCertificate(
            nodeID: nodeID.rawValue, certificateChainPEM: certificate, role: role == .manager ? .manager : .worker, clusterID: cluster.id.rawValue,
            manager: admission
        )
    }

    /// A new Raft member ID, the cluster secrets key and the current managers, for a joining
    /// manager.
    private func managerAdmission() -> ManagerAdmission {
        let peers = nodes().compactMap { node in node.managerStatus.map { (raftMemberID: $0.raftMemberID, address: $0.address) } }
        let taken = Set(peers.map(\.raftMemberID))
        var member = UInt64.random(in: 1...UInt64.max)
        while taken.contains(member) { member = UInt64.random(in: 1...UInt64.max) }
        return ManagerAdmission(raftMemberID: member, secretsKey: secretsKey.withUnsafeBytes { Array($0) }, peers: peers)
    }

    private func currentCluster() throws(JoinRefusal) -> Cluster {
        guard let cluster = store.current.cluster else { throw JoinRefusal(.unavailable, "the swarm is still being initialized; retry in a moment") }
        return cluster
    }

    /// The role a presented token grants (compared in constant time), or a refusal.
    private func role(grantedBy text: String, in cluster: Cluster) throws(JoinRefusal) -> NodeSpec.Role {
        let invalid = JoinRefusal(.invalidToken, "A valid join token is necessary to join this cluster")
        guard let presented = try? JoinToken(parsing: text) else { throw invalid }
        if let worker = try? JoinToken(parsing: cluster.joinTokens.worker), presented == worker { return .worker }
        if let manager = try? JoinToken(parsing: cluster.joinTokens.manager), presented == manager { return .manager }
        throw invalid
    }

    /// The swarm's root CA with its key, opened with the cluster secrets key.
    private func certificateAuthority(of cluster: Cluster) throws(JoinRefusal) -> TransportCertificateAuthority {
        do {
            let key = try ClusterSealing.open(cluster.rootCA.sealedPrivateKey, for: .rootCAKey, with: secretsKey)
            return try TransportCertificateAuthority(clusterID: cluster.id.rawValue, certificatePEM: cluster.rootCA.certificatePEM, privateKeyBytes: key)
        } catch {
            throw JoinRefusal(.unavailable, "this manager cannot use the swarm's root CA: \(error)")
        }
    }
}
