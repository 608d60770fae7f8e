import Foundation
import SwarmCrypto
import SwarmState
public import SwarmTransport

/// The CA's calls over the store: a joining node presents a join token, and a valid one gets it
/// a node object and a certificate in the token's role; a node of the swarm renews its
/// certificate in the role its spec asks for, which is how promotion and demotion reach it.
extension ControlAPI: NodeCertificateIssuer {
    public func rootCACertificatePEM() async throws(RequestRefusal) -> String {
        try currentCluster().rootCA.certificatePEM
    }

    public func issue(for application: JoinApplication) async throws(RequestRefusal) -> IssuedNodeCertificate {
        let cluster = try currentCluster()
        let role = try role(grantedBy: application.joinToken, in: cluster)
        guard let availability = NodeSpec.Availability(rawValue: application.availability.isEmpty ? "active" : application.availability) else {
            throw RequestRefusal(.invalidRequest, "invalid availability \"\(application.availability.prefix(20))\": use active, pause or drain")
        }
        let nodeID = NodeID.random()
        let certificate = try certify(nodeID, as: role, publicKeyDER: application.publicKeyDER, in: cluster)
        let host = TransportAddress(application.advertiseAddress)?.host ?? application.advertiseAddress
        let admission = role == .manager ? managerAdmission(member: newRaftMemberID()) : nil
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
            throw RequestRefusal(.unavailable, "the swarm could not record the new node: \(error)")
        }
        return IssuedNodeCertificate(
            nodeID: nodeID.rawValue, certificateChainPEM: certificate, role: role.transportRole, clusterID: cluster.id.rawValue,
            manager: admission
        )
    }

    public func renew(_ renewal: RenewalApplication) async throws(RequestRefusal) -> IssuedNodeCertificate {
        let cluster = try currentCluster()
        guard let node = store.current.nodes[NodeID(rawValue: renewal.nodeID)] else {
            throw RequestRefusal(.unknownNode, "node \(renewal.nodeID) is not in the swarm (it was removed): leave the swarm on it and join again")
        }
        var admission: ManagerAdmission?
        switch (node.spec.role, renewal.currentRole) {
        case (.manager, .worker):
            guard TransportAddress(renewal.advertiseAddress) != nil else {
                throw RequestRefusal(.invalidRequest, "the promoted node's advertise address \(renewal.advertiseAddress.prefix(80)) is not HOST:PORT")
            }
            let member = node.managerStatus?.raftMemberID ?? newRaftMemberID()
            admission = managerAdmission(member: member)
            if node.role != .manager || node.managerStatus == nil {
                do {
                    try await rewrite(node) { promoted in
                        promoted.role = .manager
                        promoted.managerStatus = Node.ManagerStatus(raftMemberID: member, address: renewal.advertiseAddress)
                    }
                } catch {
                    throw RequestRefusal(.unavailable, "the swarm could not record the promotion: \(error); retry")
                }
            }
        case (.worker, .manager):
            guard node.role == .worker else {
                throw RequestRefusal(.unavailable, "the demotion of node \(node.id) is still under way; retry in a moment")
            }
        case (.manager, .manager), (.worker, .worker):
            break
        }
        let role = node.spec.role
        let certificate = try certify(node.id, as: role, publicKeyDER: renewal.publicKeyDER, in: cluster)
        return IssuedNodeCertificate(
            nodeID: node.id.rawValue, certificateChainPEM: certificate, role: role.transportRole, clusterID: cluster.id.rawValue,
            manager: admission
        )
    }

    /// A certificate for `nodeID` in `role`, for the holder of `publicKeyDER`.
    private func certify(_ nodeID: NodeID, as role: NodeSpec.Role, publicKeyDER: [UInt8], in cluster: Cluster) throws(RequestRefusal) -> String {
        let authority = try certificateAuthority(of: cluster)
        do {
            return try authority.issue(
                nodeID: nodeID.rawValue, role: role.transportRole, publicKeyDER: publicKeyDER,
                validity: .nanoseconds(cluster.spec.caConfig.nodeCertExpiry)
            )
        } catch {
            throw RequestRefusal(.invalidRequest, "the node's public key cannot be certified: \(error)")
        }
    }

    /// A Raft member ID no manager has.
    private func newRaftMemberID() -> UInt64 {
        let taken = Set(raftMembers().compactMap { $0.managerStatus?.raftMemberID })
        var member = UInt64.random(in: 1...UInt64.max)
        while taken.contains(member) { member = UInt64.random(in: 1...UInt64.max) }
        return member
    }

    /// What a manager joining as Raft member `member` needs: the cluster secrets key and the
    /// other managers.
    private func managerAdmission(member: UInt64) -> ManagerAdmission {
        let peers = raftMembers().compactMap { node in node.managerStatus.map { (raftMemberID: $0.raftMemberID, address: $0.address) } }
        return ManagerAdmission(raftMemberID: member, secretsKey: secretsKey.withUnsafeBytes { Array($0) }, peers: peers.filter { $0.raftMemberID != member })
    }

    private func currentCluster() throws(RequestRefusal) -> Cluster {
        guard let cluster = store.current.cluster else { throw RequestRefusal(.unavailable, "the swarm is still being initialized; retry in a moment") }
        return cluster
    }

    /// The role a presented token grants (compared in constant time), or a refusal.
    private func role(grantedBy text: String, in cluster: Cluster) throws(RequestRefusal) -> NodeSpec.Role {
        let invalid = RequestRefusal(.invalidToken, "A valid join token is necessary to join this cluster")
        guard let presented = try? JoinToken(parsing: text) else { throw invalid }
        if let worker = try? JoinToken(parsing: cluster.joinTokens.worker), presented == worker { return .worker }
        if let manager = try? JoinToken(parsing: cluster.joinTokens.manager), presented == manager { return .manager }
        throw invalid
    }

    /// The swarm's root CA with its key, opened with the cluster secrets key.
    private func certificateAuthority(of cluster: Cluster) throws(RequestRefusal) -> TransportCertificateAuthority {
        do {
            let key = try ClusterSealing.open(cluster.rootCA.sealedPrivateKey, for: .rootCAKey, with: secretsKey)
            return try TransportCertificateAuthority(clusterID: cluster.id.rawValue, certificatePEM: cluster.rootCA.certificatePEM, privateKeyBytes: key)
        } catch {
            throw RequestRefusal(.unavailable, "this manager cannot use the swarm's root CA: \(error)")
        }
    }
}
