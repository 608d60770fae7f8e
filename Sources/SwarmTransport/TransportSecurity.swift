import GRPCNIOTransportHTTP2Posix

/// The mutual-TLS settings of both ends, from a node's identity: present its certificate,
/// trust only the cluster's root CA, and require the peer's certificate (host names are not
/// checked: nodes are known by certificate, not by address).
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

    var serverSecurity: HTTP2ServerTransport.Posix.TransportSecurity {
        .mTLS(certificateChain: certificateChain, privateKey: privateKey) { config in
            config.trustRoots = trustRoots
            config.clientCertificateVerification = .noHostnameVerification
        }
    }

    var clientSecurity: HTTP2ClientTransport.Posix.TransportSecurity {
        .mTLS(certificateChain: certificateChain, privateKey: privateKey) { config in
            config.trustRoots = trustRoots
            config.serverCertificateVerification = .noHostnameVerification
        }
    }
}
