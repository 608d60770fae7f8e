import Crypto

/// A cluster join token in Docker's format, `SWMTKN-1-<digest>-<secret>` (85 characters).
///
/// - `digest`: SHA-256 of the root CA certificate PEM bundle, base 36, 50 characters. A joining
///   node checks the CA certificate it downloads against it, so a man in the middle cannot
///   substitute his own CA.
/// - `secret`: 16 random bytes, base 36, 25 characters. Whoever knows it may join; the manager
///   and worker tokens differ only here.
///
/// `description` hides the secret; the full text exists only through `revealedText()`.
/// Equality is constant-time, as the CA server compares a presented token with its own.
public struct JoinToken: Sendable {
    /// Every join token starts with this; `1` is the format version.
    public static let prefix = "SWMTKN-1-"
    static let digestByteCount = 32
    static let digestTextLength = 50
    static let secretByteCount = 16
    static let secretTextLength = 25

    /// SHA-256 of the root CA certificate PEM bundle the token belongs to.
    public let rootCADigest: [UInt8]
    private let secret: [UInt8]

    private init(rootCADigest: [UInt8], secret: [UInt8]) {
        precondition(rootCADigest.count == Self.digestByteCount, "a root CA digest is 32 bytes")
        precondition(secret.count == Self.secretByteCount, "a join token secret is 16 bytes")
        self.rootCADigest = rootCADigest
        self.secret = secret
    }

    /// Creates a token with a new random secret for the root CA in `rootCACertificatePEM`.
    public static func generate(rootCACertificatePEM: [UInt8]) -> JoinToken {
        JoinToken(rootCADigest: digest(of: rootCACertificatePEM), secret: Sodium.randomBytes(count: secretByteCount))
    }

    /// Parses a token an operator typed or pasted (surrounding whitespace is ignored).
    ///
    /// - Throws: `JoinTokenError` naming what is wrong, never repeating the token.
    public init(parsing text: String) throws(JoinTokenError) {
        let parts = try JoinTokenText.validatedParts(of: text)
        guard let digest = Base36.decode(parts.digest, byteCount: Self.digestByteCount) else {
            throw .digestOutOfRange
        }
        guard let secret = Base36.decode(parts.secret, byteCount: Self.secretByteCount) else {
            throw .secretOutOfRange
        }
        self.init(rootCADigest: digest, secret: secret)
    }

    /// The `SWMTKN-1-…` text, for `swarm join-token` to show. Never log it.
    public func revealedText() -> String {
        Self.prefix + Base36.encode(rootCADigest, width: Self.digestTextLength) + "-"
            + Base36.encode(secret, width: Self.secretTextLength)
    }

    /// Whether this token was made for the root CA in `rootCACertificatePEM`: what a joining node
    /// checks before it trusts the CA certificate it downloaded.
    public func matchesRootCA(certificatePEM: [UInt8]) -> Bool {
        Self.digest(of: certificatePEM) == rootCADigest
    }

    private static func digest(of pem: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: pem))
    }
}

extension JoinToken: Equatable {
    /// Constant-time in the secret: comparing a presented token reveals nothing about ours.
    public static func == (lhs: JoinToken, rhs: JoinToken) -> Bool {
        let sameSecret = lhs.secret.withUnsafeBytes { left in
            rhs.secret.withUnsafeBytes { right in Sodium.constantTimeEqual(left, right) }
        }
        return sameSecret && lhs.rootCADigest == rhs.rootCADigest
    }
}

extension JoinToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "JoinToken(rootCA: \(Base36.encode(rootCADigest, width: Self.digestTextLength).prefix(12))…, secret: redacted)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
