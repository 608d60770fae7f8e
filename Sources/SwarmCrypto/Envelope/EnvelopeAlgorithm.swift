/// The algorithm byte of an envelope header: which construction sealed the bytes that follow.
///
/// Values are part of the on-disk format (Docs/formats.md): never renumber a case.
public enum EnvelopeAlgorithm: UInt8, Sendable, CustomStringConvertible {
    /// XChaCha20-Poly1305 (IETF) under a `SecretKey`, 24-byte random nonce: `AEAD`.
    case xChaCha20Poly1305 = 1
    /// libsodium sealed box to an X25519 public key: `SealedBox`.
    case x25519SealedBox = 2
    /// Argon2id key derivation from a passphrase, then XChaCha20-Poly1305: `PassphraseEncryption`.
    case argon2idXChaCha20Poly1305 = 3
    /// AES-256-GCM under a subkey derived from a `SecretKey` and a 16-byte random salt, with a
    /// counter nonce: `RecordSealer`.
    case aes256GCMDerivedKey = 4

    public var description: String {
        switch self {
        case .xChaCha20Poly1305: "XChaCha20-Poly1305"
        case .x25519SealedBox: "X25519 sealed box"
        case .argon2idXChaCha20Poly1305: "Argon2id + XChaCha20-Poly1305"
        case .aes256GCMDerivedKey: "AES-256-GCM (derived key)"
        }
    }
}
