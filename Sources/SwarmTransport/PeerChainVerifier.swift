import Foundation
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// Verifies the certificate a peer presents against the cluster's root CA, without failing the
/// handshake when it does not verify: nodes that are joining have no cluster certificate yet
/// and present a throwaway one. A peer whose chain verifies has it recorded as validated; every
/// service that needs an identity (Raft, anything but the CA's join calls) requires that
/// validated chain, so an unverified certificate authorises nothing.
struct PeerChainVerifier: Sendable {
    private let root: Certificate?

    init(trustedRootPEM: String) {
        root = try? Certificate(pemEncoded: trustedRootPEM)
    }

    func verify(_ presented: [NIOSSLCertificate]) async -> NIOSSLVerificationResultWithMetadata {
        let anonymous = NIOSSLVerificationResultWithMetadata.certificateVerified(VerificationMetadata(nil))
        guard let root, let leafDER = try? presented.first?.toDERBytes(), let leaf = try? Certificate(derEncoded: leafDER) else {
            return anonymous
        }
        let intermediates = presented.dropFirst().compactMap { try? Certificate(derEncoded: $0.toDERBytes()) }
        var verifier = Verifier(rootCertificates: CertificateStore([root])) {
            RFC5280Policy(validationTime: Date())
        }
        guard case .validCertificate(let chain) = await verifier.validate(leafCertificate: leaf, intermediates: CertificateStore(intermediates)) else {
            return anonymous
        }
        let validated = chain.compactMap { certificate -> NIOSSLCertificate? in
            var serializer = DER.Serializer()
            guard (try? serializer.serialize(certificate)) != nil else { return nil }
            return try? NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der)
        }
        guard validated.count == chain.count else { return anonymous }
        return .certificateVerified(VerificationMetadata(ValidatedCertificateChain(validated)))
    }
}
