/// Where the parts of a `RecordSealer` envelope lie. Same overall size as an `AEAD` envelope:
///
///     0      1      2              18             26                      26+n   26+n+16
///     +------+------+--------------+--------------+-----------------------+-------+
///     | ver  | alg  | salt (16)    | counter (8)  | ciphertext (n bytes)  |  tag  |
///     +------+------+--------------+--------------+-----------------------+-------+
///
/// The salt picks the subkey (`RecordSubkey`); the AES-GCM nonce is four zero bytes followed by
/// the counter (little-endian, as stored).
enum RecordEnvelope {
    static let saltOffset = EnvelopeHeader.byteCount
    static let counterOffset = saltOffset + RecordSubkey.saltByteCount
    static let counterByteCount = 8
    static let ciphertextOffset = counterOffset + counterByteCount
    static let tagByteCount = 16
    static let gcmNonceByteCount = 12
    static let overheadByteCount = ciphertextOffset + tagByteCount

    /// The 12-byte GCM nonce for the stored counter bytes `counter`.
    static func writeNonce(counter: UnsafeRawBufferPointer, into nonce: UnsafeMutableRawBufferPointer) {
        let zeroPrefix = gcmNonceByteCount - counterByteCount
        nonce.initializeMemory(as: UInt8.self, repeating: 0)
        UnsafeMutableRawBufferPointer(rebasing: nonce[zeroPrefix...]).copyMemory(from: counter)
    }
}
