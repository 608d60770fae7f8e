import CSodium

/// The X25519 key pair of a `SealedBox` recipient: anyone may seal to `publicKey`, only the holder
/// of `privateKey` can open.
public struct RecipientKeyPair: Sendable {
    /// What senders seal to.
    public let publicKey: RecipientPublicKey
    /// What opens sealed boxes; kept in a wiping, redacting `SecretKey`.
    public let privateKey: SecretKey

    /// Rebuilds the pair from its private key (the public key is derived from it).
    public init(privateKey: SecretKey) {
        var publicBytes = [UInt8](repeating: 0, count: RecipientPublicKey.byteCount)
        let result = privateKey.withUnsafeBytes { privateBytes in
            publicBytes.withUnsafeMutableBytes { publicBuffer in
                crypto_scalarmult_base(publicBuffer.sodiumPointer, privateBytes.sodiumPointer)
            }
        }
        // crypto_scalarmult_base has no failure mode for a 32-byte scalar.
        precondition(result == 0, "crypto_scalarmult_base failed")
        self.publicKey = RecipientPublicKey(exactBytes: publicBytes)
        self.privateKey = privateKey
    }

    /// Creates a new random key pair.
    public static func generate() -> RecipientKeyPair {
        RecipientKeyPair(privateKey: SecretKey.random())
    }
}
