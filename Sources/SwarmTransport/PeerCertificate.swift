import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SwiftASN1
import X509

/// What a peer's verified certificate says about it (the chain was verified against the
/// cluster's root during the TLS handshake).
struct PeerCertificate {
    let nodeID: String?
    let role: TransportRole?
    let clusterID: String?

    init(_ certificate: Certificate) {
        func attribute(_ type: ASN1ObjectIdentifier) -> String? {
            certificate.subject.lazy.flatMap { $0 }.first { $0.type == type }.flatMap { String($0.value) }
        }
        nodeID = attribute(.RDNAttributeType.commonName)
        role = attribute(.RDNAttributeType.organizationalUnitName).flatMap(TransportRole.init(rawValue:))
        clusterID = attribute(.RDNAttributeType.organizationName)
    }
}

extension PeerCertificate {
    /// The caller of an RPC, if its certificate chain was validated against the cluster's root
    /// (`PeerChainVerifier`), belongs to `clusterID` and has one of `roles`; else the RPC fails.
    static func authorize(_ context: ServerContext, clusterID: String, roles: Set<TransportRole>, service: String) throws(RPCError) -> PeerCertificate {
        guard let tls = context.transportSpecific as? HTTP2ServerTransport.Posix.Context, let certificate = tls.peerCertificateChain?.leaf else {
            throw RPCError(code: .unauthenticated, message: "\(service) needs a certificate of this swarm")
        }
        let peer = PeerCertificate(certificate)
        guard peer.clusterID == clusterID else {
            throw RPCError(code: .permissionDenied, message: "the certificate belongs to another cluster")
        }
        guard let role = peer.role, roles.contains(role), peer.nodeID != nil else {
            let allowed = roles.map(\.rawValue).sorted().joined(separator: " or ")
            throw RPCError(code: .permissionDenied, message: "\(service) is served to \(allowed) certificates only")
        }
        return peer
    }
}
