import Foundation
import GRPCCore

/// The CA's calls, served on the manager's listen address: to any caller (joiners have no
/// cluster certificate yet) the root CA certificate and a node certificate against a join token;
/// to nodes of the swarm, identified by their validated certificate, a new certificate.
struct NodeCAService: Swarmd_Ca_V1_NodeCA.SimpleServiceProtocol {
    let clusterID: String
    let issuer: any NodeCertificateIssuer

    func getRootCACertificate(request: Swarmd_Ca_V1_RootCARequest, context: ServerContext) async throws -> Swarmd_Ca_V1_RootCAResponse {
        var response = Swarmd_Ca_V1_RootCAResponse()
        response.certificatePem = try await Self.answering { () throws(RequestRefusal) in try await issuer.rootCACertificatePEM() }
        return response
    }

    func issueNodeCertificate(request: Swarmd_Ca_V1_IssueRequest, context: ServerContext) async throws -> Swarmd_Ca_V1_IssueResponse {
        let application = JoinApplication(
            joinToken: request.joinToken, publicKeyDER: Array(request.publicKeyDer), hostname: request.hostname,
            advertiseAddress: request.advertiseAddress, availability: request.availability, architecture: request.architecture,
            operatingSystem: request.operatingSystem, nanoCPUs: request.nanoCpus, memoryBytes: request.memoryBytes,
            engineVersion: request.engineVersion
        )
        return Self.response(try await Self.answering { () throws(RequestRefusal) in try await issuer.issue(for: application) })
    }

    func renewNodeCertificate(request: Swarmd_Ca_V1_RenewRequest, context: ServerContext) async throws -> Swarmd_Ca_V1_IssueResponse {
        let peer = try PeerCertificate.authorize(context, clusterID: clusterID, roles: [.worker, .manager], service: "certificate renewal")
        guard let nodeID = peer.nodeID, let role = peer.role else { throw RPCError(code: .permissionDenied, message: "the certificate names no node") }
        let renewal = RenewalApplication(
            nodeID: nodeID, currentRole: role, publicKeyDER: Array(request.publicKeyDer), advertiseAddress: request.advertiseAddress
        )
        return Self.response(try await Self.answering { () throws(RequestRefusal) in try await issuer.renew(renewal) })
    }

    private static func response(_ issued: IssuedNodeCertificate) -> Swarmd_Ca_V1_IssueResponse {
        var response = Swarmd_Ca_V1_IssueResponse()
        response.nodeID = issued.nodeID
        response.certificateChainPem = issued.certificateChainPEM
        response.role = issued.role == .manager ? "manager" : "worker"
        response.clusterID = issued.clusterID
        if let manager = issued.manager {
            response.raftMemberID = manager.raftMemberID
            response.clusterSecretsKey = Data(manager.secretsKey)
            response.managers = manager.peers.map { peer in
                var message = Swarmd_Ca_V1_ManagerPeer()
                message.raftMemberID = peer.raftMemberID
                message.address = peer.address
                return message
            }
        }
        return response
    }

    /// Runs `work`, turning a refusal into the gRPC status the joiner reports.
    private static func answering<Value>(_ work: () async throws(RequestRefusal) -> Value) async throws(RPCError) -> Value {
        do {
            return try await work()
        } catch {
            throw error.rpcError
        }
    }
}
