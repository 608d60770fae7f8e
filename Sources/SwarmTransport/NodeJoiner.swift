import Crypto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftASN1
import X509

/// The node's side of the CA. Joining (`docker swarm join`): fetches the swarm's root CA from a
/// manager, checks it against the join token's digest, then asks for a certificate for a new key
/// against the token; both calls present a throwaway certificate, since the node has none of the
/// swarm's yet. Renewing: a node of the swarm asks with its own certificate.
public enum NodeJoiner {
    static let callTimeout = Duration.seconds(15)

    /// The node's new identity and what the swarm issued it.
    public struct Joined: Sendable {
        public let identity: TransportIdentity
        public let issued: IssuedNodeCertificate
    }

    /// Joins through the manager at `address`. `application` gets the new key's DER public key;
    /// `acceptsRoot` decides whether the manager's root CA is the one the token names.
    public static func join(
        through address: TransportAddress, application: (_ publicKeyDER: [UInt8]) -> JoinApplication, acceptsRoot: (String) -> Bool
    ) async throws(JoinError) -> Joined {
        let key = P256.Signing.PrivateKey()
        let throwaway: TransportIdentity
        do {
            throwaway = try TransportCertificateAuthority(clusterID: "swarmd-joiner").issue(nodeID: "joiner", role: .worker)
        } catch {
            throw .local("creating a temporary certificate failed: \(error)")
        }
        let rootPEM = try await call(address, security: throwaway.unverifiedClientSecurity) { client in
            try await Swarmd_Ca_V1_NodeCA.Client(wrapping: client).getRootCACertificate(
                Swarmd_Ca_V1_RootCARequest(), options: Self.options
            ).certificatePem
        }
        guard acceptsRoot(rootPEM) else { throw .rootMismatch(address: "\(address)") }
        var request = Swarmd_Ca_V1_IssueRequest()
        let filled = application(Array(key.publicKey.derRepresentation))
        request.joinToken = filled.joinToken
        request.publicKeyDer = Data(filled.publicKeyDER)
        request.hostname = filled.hostname
        request.advertiseAddress = filled.advertiseAddress
        request.availability = filled.availability
        request.architecture = filled.architecture
        request.operatingSystem = filled.operatingSystem
        request.nanoCpus = filled.nanoCPUs
        request.memoryBytes = filled.memoryBytes
        request.engineVersion = filled.engineVersion
        let verified = TransportIdentity(
            certificateChainPEM: throwaway.certificateChainPEM, privateKeyPEM: throwaway.privateKeyPEM, trustedRootPEM: rootPEM
        )
        let issueRequest = request
        let response = try await call(address, security: verified.clientSecurity()) { client in
            try await Swarmd_Ca_V1_NodeCA.Client(wrapping: client).issueNodeCertificate(issueRequest, options: Self.options)
        }
        return try joined(response, key: key, rootPEM: rootPEM)
    }

    /// Asks the manager at `address`, presenting the node's current `identity`, for a
    /// certificate for a new key in the role the swarm now wants for the node: a renewal, a
    /// promotion (with the manager's admission) or a demotion.
    public static func renew(through address: TransportAddress, identity: TransportIdentity, advertiseAddress: String) async throws(JoinError) -> Joined {
        let key = P256.Signing.PrivateKey()
        var request = Swarmd_Ca_V1_RenewRequest()
        request.publicKeyDer = Data(key.publicKey.derRepresentation)
        request.advertiseAddress = advertiseAddress
        let renewRequest = request
        let response = try await call(address, security: identity.clientSecurity()) { client in
            try await Swarmd_Ca_V1_NodeCA.Client(wrapping: client).renewNodeCertificate(renewRequest, options: Self.options)
        }
        return try joined(response, key: key, rootPEM: identity.trustedRootPEM)
    }

    /// The identity `response` issued for `key`, and what came with it.
    private static func joined(_ response: Swarmd_Ca_V1_IssueResponse, key: P256.Signing.PrivateKey, rootPEM: String) throws(JoinError) -> Joined {
        let keyPEM: String
        do {
            keyPEM = try Certificate.PrivateKey(key).serializeAsPEM().pemString
        } catch {
            throw .local("encoding the node's key failed: \(error)")
        }
        return Joined(
            identity: TransportIdentity(certificateChainPEM: response.certificateChainPem, privateKeyPEM: keyPEM, trustedRootPEM: rootPEM),
            issued: IssuedNodeCertificate(
                nodeID: response.nodeID, certificateChainPEM: response.certificateChainPem,
                role: response.role == "manager" ? .manager : .worker, clusterID: response.clusterID,
                manager: response.role == "manager" && response.raftMemberID != 0
                    ? ManagerAdmission(
                        raftMemberID: response.raftMemberID, secretsKey: Array(response.clusterSecretsKey),
                        peers: response.managers.map { (raftMemberID: $0.raftMemberID, address: $0.address) }
                    ) : nil
            )
        )
    }

    private static var options: CallOptions {
        var options = CallOptions.defaults
        options.timeout = callTimeout
        return options
    }

    /// One call to `address` over a connection made for it.
    private static func call<Result: Sendable>(
        _ address: TransportAddress, security: HTTP2ClientTransport.Posix.TransportSecurity,
        _ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws(JoinError) -> Result {
        do {
            let transport = try HTTP2ClientTransport.Posix(target: address.resolvableTarget, transportSecurity: security)
            return try await withGRPCClient(transport: transport) { client in try await body(client) }
        } catch let error as RPCError {
            switch error.code {
            case .permissionDenied, .invalidArgument, .notFound: throw .refused(error.message)
            default: throw .unreachable(address: "\(address)", reason: error.message)
            }
        } catch {
            throw .unreachable(address: "\(address)", reason: "\(error)")
        }
    }
}

/// Why joining a swarm failed.
public enum JoinError: Error, Sendable, CustomStringConvertible {
    /// The manager refused (invalid token, bad request): its message.
    case refused(String)
    /// The manager's root CA is not the one the join token names.
    case rootMismatch(address: String)
    /// The manager could not be reached or failed.
    case unreachable(address: String, reason: String)
    /// Something failed on this node.
    case local(String)

    public var description: String {
        switch self {
        case .refused(let message):
            message
        case .rootMismatch(let address):
            "the root CA of the manager at \(address) does not match the join token's digest: the token belongs to another swarm, or something is intercepting the connection"
        case .unreachable(let address, let reason):
            "could not reach a manager at \(address): \(reason); check the address and that port is open"
        case .local(let reason):
            reason
        }
    }
}
