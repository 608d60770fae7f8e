import GRPCNIOTransportHTTP2Posix
import NIOCore

/// The mutual-TLS settings of both ends, from a node's identity: present its certificate,
/// trust only the cluster's root CA, and require the peer's certificate (host names are not
/// checked: nodes are known by certificate, not by address). Services check the validated
/// chain (`PeerChainVerifier`).
extension TransportIdentity {
    private var certificateChain: [TLSConfig.CertificateSource] {
        [.bytes(Array(certificateChainPEM.utf8), format: .pem)]
    }
    private var privateKey: TLSConfig.PrivateKeySource {
        .bytes(Array(privateKeyPEM.utf8), format: .pem)
    }
    private var trustRoots: TLSConfig.TrustRootsSource {
        .certificates([.bytes(Array(trustedRootPEM.utf8), format: .pem)])
    }

    /// Every client presents a certificate; `PeerChainVerifier` decides whether it is one of
    /// the cluster's (then its chain is recorded as validated) or an anonymous joiner's. With
    /// `presented`, handshakes present its current certificate (renewals take effect at once).
    func serverSecurity(presenting presented: PresentedCertificate? = nil) -> HTTP2ServerTransport.Posix.TransportSecurity {
        let verifier = PeerChainVerifier(trustedRootPEM: trustedRootPEM)
        return .mTLS(certificateChain: certificateChain, privateKey: privateKey) { config in
            config.trustRoots = trustRoots
            config.clientCertificateVerification = .noHostnameVerification
            config.customVerificationCallback = { certificates, promise in
                promise.completeWithTask { await verifier.verify(certificates) }
            }
            config.certificateReloader = presented
        }
    }

    /// Presents this identity's certificate, or `presented`'s current one, and trusts only the
    /// cluster's root.
    func clientSecurity(presenting presented: PresentedCertificate? = nil) -> HTTP2ClientTransport.Posix.TransportSecurity {
        .mTLS(certificateChain: certificateChain, privateKey: privateKey) { config in
            config.trustRoots = trustRoots
            config.serverCertificateVerification = .noHostnameVerification
            config.certificateReloader = presented
        }
    }

    /// For a joiner's first call only: the server is not verified (the joiner checks the root
    /// CA it gets against its join token's digest instead).
    var unverifiedClientSecurity: HTTP2ClientTransport.Posix.TransportSecurity {
        .mTLS(certificateChain: certificateChain, privateKey: privateKey) { config in
            config.serverCertificateVerification = .noVerification
        }
    }
}
