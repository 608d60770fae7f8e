import CSodium

/// Anonymous public-key encryption to a `RecipientPublicKey` (libsodium `crypto_box_seal`: an
/// ephemeral X25519 key, then XSalsa20-Poly1305). Backups use it to wrap their content key for a
/// recipient who is not present when the backup is taken.
///
/// Envelope layout: `ver | alg | ephemeral public key (32) | tag (16) | ciphertext`.
/// The construction takes no associated data; the header is checked, not authenticated, and a
/// changed header byte is rejected because only one value is valid.
public enum SealedBox {
    private static let boxOverheadByteCount = crypto_box_sealbytes()

    /// Bytes an envelope adds to its message.
    public static let overheadByteCount = EnvelopeHeader.byteCount + boxOverheadByteCount

    /// Encrypts `message` so that only the holder of `recipient`'s private key can read it.
    public static func seal(_ message: [UInt8], to recipient: RecipientPublicKey) -> [UInt8] {
        Sodium.ensureInitialized()
        var envelope = [UInt8](repeating: 0, count: message.count + overheadByteCount)
        let result = envelope.withUnsafeMutableBytes { envelopeBytes in
            EnvelopeHeader.write(.x25519SealedBox, into: envelopeBytes)
            let box = UnsafeMutableRawBufferPointer(rebasing: envelopeBytes[EnvelopeHeader.byteCount...])
            return message.withUnsafeBytes { messageBytes in
                recipient.bytes.withUnsafeBytes { publicKey in
                    crypto_box_seal(box.sodiumPointer, messageBytes.sodiumPointer, messageBytes.sodiumLength, publicKey.sodiumPointer)
                }
            }
        }
        // crypto_box_seal fails only when the ephemeral key cannot be generated, i.e. never.
        precondition(result == 0, "crypto_box_seal failed")
        return envelope
    }

    /// Decrypts an envelope sealed to `recipient.publicKey`.
    ///
    /// - Throws: `EnvelopeError`; `.authenticationFailed` for the wrong key pair or altered bytes.
    public static func open(_ envelope: [UInt8], with recipient: RecipientKeyPair) throws(EnvelopeError) -> [UInt8] {
        Sodium.ensureInitialized()
        try EnvelopeHeader.validate(envelope, algorithm: .x25519SealedBox, minimumByteCount: overheadByteCount)
        var message = [UInt8](repeating: 0, count: envelope.count - overheadByteCount)
        let result = envelope.withUnsafeBytes { envelopeBytes in
            let box = UnsafeRawBufferPointer(rebasing: envelopeBytes[EnvelopeHeader.byteCount...])
            return message.withUnsafeMutableBytes { messageBytes in
                recipient.publicKey.bytes.withUnsafeBytes { publicKey in
                    recipient.privateKey.withUnsafeBytes { privateKey in
                        crypto_box_seal_open(
                            messageBytes.sodiumPointer, box.sodiumPointer, box.sodiumLength,
                            publicKey.sodiumPointer, privateKey.sodiumPointer
                        )
                    }
                }
            }
        }
        guard result == 0 else { throw .authenticationFailed }
        return message
    }
}
