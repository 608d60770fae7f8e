import Crypto
import Foundation
import SwiftASN1
import X509

/// A cluster's root CA (ECDSA P-256), issuing node certificates in Docker Swarm's shape: subject
/// CN = node ID, OU = role (`swarm-manager` / `swarm-worker`), O = cluster ID, valid for both
/// client and server authentication. The control plane stores and renews these; tests and the
/// Raft benchmark create one in memory.
public struct TransportCertificateAuthority: Sendable {
    /// The CA certificate, PEM-encoded.
    public let certificatePEM: String
    /// The cluster this CA issues for (the O of every certificate).
    public let clusterID: String
    private let certificate: Certificate
    private let privateKey: P256.Signing.PrivateKey

    /// Creates a self-signed root CA for `clusterID` with a new key, valid for `validity`.
    public init(clusterID: String, validity: Duration = .seconds(20 * 365 * 24 * 3600)) throws(RaftTransportError) {
        try self.init(clusterID: clusterID, key: P256.Signing.PrivateKey(), validity: validity)
    }

    /// A root CA whose key is derived from `seed` (at least 32 bytes): separate processes given
    /// the same seed trust each other's certificates without any key on disk. For tests and the
    /// Raft benchmark only; a real cluster's CA key is random and stored sealed.
    public init(clusterID: String, seed: [UInt8]) throws(RaftTransportError) {
        guard seed.count >= 32 else { throw .certificate("a CA seed needs at least 32 bytes, got \(seed.count)") }
        let digest = SHA256.hash(data: seed + Array("swarmd-test-ca".utf8))
        do {
            try self.init(clusterID: clusterID, key: P256.Signing.PrivateKey(rawRepresentation: Array(digest)), validity: .seconds(365 * 24 * 3600))
        } catch let error as RaftTransportError {
            throw error
        } catch {
            throw .certificate("the CA seed does not make a P-256 key: \(error)")
        }
    }

    /// The CA a cluster stored: its certificate and its private key (raw P-256 scalar, as
    /// `privateKeyBytes` gives it).
    public init(clusterID: String, certificatePEM: String, privateKeyBytes: [UInt8]) throws(RaftTransportError) {
        do {
            self.certificate = try Certificate(pemEncoded: certificatePEM)
            self.privateKey = try P256.Signing.PrivateKey(rawRepresentation: privateKeyBytes)
        } catch {
            throw .certificate("the stored root CA cannot be loaded: \(error)")
        }
        guard certificate.publicKey == Certificate.PublicKey(privateKey.publicKey) else {
            throw .certificate("the stored root CA key does not match its certificate")
        }
        self.certificatePEM = certificatePEM
        self.clusterID = clusterID
    }

    /// The CA's private key as raw bytes, for the control plane to seal before it stores it.
    /// Never write these bytes anywhere unsealed.
    public var privateKeyBytes: [UInt8] { Array(privateKey.rawRepresentation) }

    private init(clusterID: String, key: P256.Signing.PrivateKey, validity: Duration) throws(RaftTransportError) {
        do {
            let name = try Self.name(commonName: "swarm-ca", organizationalUnit: nil, organization: clusterID)
            let certificate = try Self.sign(
                key.publicKey, subject: name, issuer: name, validity: validity, by: key,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 1))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                }
            )
            self.certificatePEM = try certificate.serializeAsPEM().pemString
            self.certificate = certificate
        } catch {
            throw .certificate("creating the root CA failed: \(error)")
        }
        self.clusterID = clusterID
        self.privateKey = key
    }

    /// Issues a certificate and a new private key for node `nodeID` in `role`.
    public func issue(nodeID: String, role: TransportRole, validity: Duration = .seconds(90 * 24 * 3600)) throws(RaftTransportError) -> TransportIdentity {
        let key = P256.Signing.PrivateKey()
        do {
            return TransportIdentity(
                certificateChainPEM: try issueCertificate(for: key.publicKey, nodeID: nodeID, role: role, validity: validity),
                privateKeyPEM: try Certificate.PrivateKey(key).serializeAsPEM().pemString,
                trustedRootPEM: certificatePEM
            )
        } catch {
            throw .certificate("issuing a certificate for node \(nodeID) failed: \(error)")
        }
    }

    /// Issues a certificate (PEM) for a joining node's own P-256 key, given as DER.
    public func issue(nodeID: String, role: TransportRole, publicKeyDER: [UInt8], validity: Duration) throws(RaftTransportError) -> String {
        do {
            return try issueCertificate(for: P256.Signing.PublicKey(derRepresentation: publicKeyDER), nodeID: nodeID, role: role, validity: validity)
        } catch {
            throw .certificate("issuing a certificate for node \(nodeID) failed: \(error)")
        }
    }

    private func issueCertificate(for publicKey: P256.Signing.PublicKey, nodeID: String, role: TransportRole, validity: Duration) throws -> String {
        let leaf = try Self.sign(
            publicKey, subject: try Self.name(commonName: nodeID, organizationalUnit: role.rawValue, organization: clusterID),
            issuer: certificate.subject, validity: validity, by: privateKey,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
            }
        )
        return try leaf.serializeAsPEM().pemString
    }

    /// A certificate for `publicKey`, valid from five minutes ago (clock skew) for `validity`,
    /// signed by `signer`.
    private static func sign(
        _ publicKey: P256.Signing.PublicKey, subject: DistinguishedName, issuer: DistinguishedName, validity: Duration,
        by signer: P256.Signing.PrivateKey, extensions: Certificate.Extensions
    ) throws -> Certificate {
        let now = Date()
        return try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(publicKey),
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(seconds(validity)),
            issuer: issuer,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: .init(signer)
        )
    }

    private static func name(commonName: String, organizationalUnit: String?, organization: String) throws -> DistinguishedName {
        try DistinguishedName {
            CommonName(commonName)
            if let organizationalUnit { OrganizationalUnitName(organizationalUnit) }
            OrganizationName(organization)
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds)
    }
}
