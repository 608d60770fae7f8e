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
