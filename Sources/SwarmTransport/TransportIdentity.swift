/// What a node presents and trusts on node-to-node connections: its certificate (CN = node ID,
/// OU = role, O = cluster ID) and private key, PEM-encoded, and the cluster's root CA.
///
/// The private key lives in memory only; whoever stores an identity seals it first.
public struct TransportIdentity: Sendable {
    /// The node's certificate, then any intermediates.
    public var certificateChainPEM: String
    public var privateKeyPEM: String
    /// The cluster's root CA certificate: peers must present a certificate it issued.
    public var trustedRootPEM: String

    public init(certificateChainPEM: String, privateKeyPEM: String, trustedRootPEM: String) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.trustedRootPEM = trustedRootPEM
    }
}
