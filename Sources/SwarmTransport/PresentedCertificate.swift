import NIOCertificateReloading
import NIOSSL
import Synchronization

/// The certificate and key a node's TLS connections present, replaceable while they run: every
/// handshake after `replace` (new connections and reconnections, server and client side) presents
/// the renewed certificate; established connections keep the one they were opened with.
final class PresentedCertificate: CertificateReloader {
    private let current: Mutex<NIOSSLContextConfigurationOverride>

    init(_ identity: TransportIdentity) throws(RaftTransportError) {
        current = Mutex(try Self.override(for: identity))
    }

    func replace(with identity: TransportIdentity) throws(RaftTransportError) {
        let override = try Self.override(for: identity)
        current.withLock { $0 = override }
    }

    var sslContextConfigurationOverride: NIOSSLContextConfigurationOverride {
        current.withLock { $0 }
    }

    private static func override(for identity: TransportIdentity) throws(RaftTransportError) -> NIOSSLContextConfigurationOverride {
        var override = NIOSSLContextConfigurationOverride()
        do {
            override.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(identity.certificateChainPEM.utf8)).map { .certificate($0) }
            override.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem))
        } catch {
            throw .certificate("the node's certificate or key cannot be loaded: \(error)")
        }
        return override
    }
}
