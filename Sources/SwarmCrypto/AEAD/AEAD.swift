import CSodium

/// Authenticated encryption of records under a `SecretKey`: XChaCha20-Poly1305 (IETF) with a
/// fresh random 24-byte nonce per call, so nonces never need coordinating between writers.
///
/// Envelope layout (all of it is one record on disk):
///
///     0      1      2                     26                      26+n   26+n+16
///     +------+------+---------------------+-----------------------+-------+
///     | ver  | alg  | nonce (24 bytes)    | ciphertext (n bytes)  |  tag  |
///     +------+------+---------------------+-----------------------+-------+
///
/// The caller's associated data is authenticated with the ciphertext: that is how a WAL binds a
/// record to its index, term and type without encrypting them. The two header bytes are checked
/// but not authenticated: a reader accepts exactly one version and algorithm, and a tag made
/// under one construction never verifies under another, so a rewritten header can only make the
/// envelope fail to open. Leaving them out of the MAC keeps small records within a few percent of
/// the raw libsodium call (Docs/benchmarks.md).
///
/// The buffer-based calls allocate nothing; they are what snapshots use (WAL records use
/// `RecordSealer`, which falls back to them on CPUs without AES instructions). The
/// array-based calls are conveniences over them.
public enum AEAD {
    static let nonceByteCount = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let tagByteCount = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
    private static let nonceOffset = EnvelopeHeader.byteCount
    private static let ciphertextOffset = nonceOffset + nonceByteCount

    /// Bytes an envelope adds to its plaintext: header, nonce and tag.
    public static let overheadByteCount = ciphertextOffset + tagByteCount

    /// The envelope size for a plaintext of `plaintextByteCount` bytes.
    public static func sealedByteCount(plaintextByteCount: Int) -> Int {
        plaintextByteCount + overheadByteCount
    }

    /// Encrypts `plaintext` into `envelope`, which must be exactly
    /// `sealedByteCount(plaintextByteCount: plaintext.count)` bytes and must not overlap it.
    public static func seal(
        _ plaintext: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        key: SecretKey,
        into envelope: UnsafeMutableRawBufferPointer
    ) {
        precondition(
            envelope.count == sealedByteCount(plaintextByteCount: plaintext.count),
            "AEAD.seal: the envelope buffer must be sealedByteCount(plaintextByteCount:) bytes"
        )
        EnvelopeHeader.write(.xChaCha20Poly1305, into: envelope)
        let nonce = UnsafeMutableRawBufferPointer(rebasing: envelope[nonceOffset..<ciphertextOffset])
        NonceSource.fill(nonce)
        let output = UnsafeMutableRawBufferPointer(rebasing: envelope[ciphertextOffset...])
        let result = key.withUnsafeBytes { keyBytes in
            crypto_aead_xchacha20poly1305_ietf_encrypt(
                output.sodiumPointer, nil,
                plaintext.sodiumPointer, plaintext.sodiumLength,
                associatedData.sodiumPointer, associatedData.sodiumLength,
                nil, UnsafeRawBufferPointer(nonce).sodiumPointer, keyBytes.sodiumPointer
            )
        }
        // Encryption fails only for messages beyond 256 GiB, which no caller can build.
        precondition(result == 0, "crypto_aead_xchacha20poly1305_ietf_encrypt failed")
    }

    /// The plaintext size inside an envelope of `envelopeByteCount` bytes, or nil when no valid
    /// envelope is that short.
    public static func openedByteCount(envelopeByteCount: Int) -> Int? {
        envelopeByteCount >= overheadByteCount ? envelopeByteCount - overheadByteCount : nil
    }

    /// Checks and decrypts `envelope` into `plaintext`, which must be exactly
    /// `openedByteCount(envelopeByteCount: envelope.count)` bytes.
    ///
    /// - Throws: `EnvelopeError`; on any error `plaintext` holds no decrypted byte.
    public static func open(
        _ envelope: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        key: SecretKey,
        into plaintext: UnsafeMutableRawBufferPointer
    ) throws(EnvelopeError) {
        try EnvelopeHeader.validate(envelope, algorithm: .xChaCha20Poly1305, minimumByteCount: overheadByteCount)
        precondition(
            plaintext.count == envelope.count - overheadByteCount,
            "AEAD.open: the plaintext buffer must be openedByteCount(envelopeByteCount:) bytes"
        )
        let nonce = UnsafeRawBufferPointer(rebasing: envelope[nonceOffset..<ciphertextOffset])
        let ciphertext = UnsafeRawBufferPointer(rebasing: envelope[ciphertextOffset...])
        let result = key.withUnsafeBytes { keyBytes in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                plaintext.sodiumPointer, nil, nil,
                ciphertext.sodiumPointer, ciphertext.sodiumLength,
                associatedData.sodiumPointer, associatedData.sodiumLength,
                nonce.sodiumPointer, keyBytes.sodiumPointer
            )
        }
        guard result == 0 else { throw .authenticationFailed }
    }

    /// Encrypts `plaintext` and returns the envelope.
    public static func seal(_ plaintext: [UInt8], associatedData: [UInt8] = [], key: SecretKey) -> [UInt8] {
        let byteCount = sealedByteCount(plaintextByteCount: plaintext.count)
        return [UInt8](unsafeUninitializedCapacity: byteCount) { envelope, initializedCount in
            plaintext.withUnsafeBytes { plaintextBytes in
                associatedData.withUnsafeBytes { associatedBytes in
                    seal(plaintextBytes, associatedData: associatedBytes, key: key, into: UnsafeMutableRawBufferPointer(envelope))
                }
            }
            initializedCount = byteCount
        }
    }

    /// Checks and decrypts `envelope` and returns its plaintext.
    ///
    /// - Throws: `EnvelopeError` for a short, foreign, tampered or wrongly keyed envelope.
    public static func open(_ envelope: [UInt8], associatedData: [UInt8] = [], key: SecretKey) throws(EnvelopeError) -> [UInt8] {
        try EnvelopeHeader.validate(envelope, algorithm: .xChaCha20Poly1305, minimumByteCount: overheadByteCount)
        let byteCount = envelope.count - overheadByteCount
        var plaintext = [UInt8](repeating: 0, count: byteCount)
        // Array's withUnsafe…Bytes rethrow untyped errors, so the typed error travels in a Result.
        let outcome = envelope.withUnsafeBytes { envelopeBytes in
            associatedData.withUnsafeBytes { associatedBytes in
                plaintext.withUnsafeMutableBytes { plaintextBytes in
                    Result { () throws(EnvelopeError) in
                        try open(envelopeBytes, associatedData: associatedBytes, key: key, into: plaintextBytes)
                    }
                }
            }
        }
        try outcome.get()
        return plaintext
    }
}
