import CSodium

extension RecordSealer {
    /// Checks and decrypts `envelope` (sealed by a `RecordSealer` on any machine, or by `AEAD`)
    /// into `plaintext`, which must be exactly `openedByteCount(envelopeByteCount:)` bytes.
    ///
    /// - Throws: `EnvelopeError`; on any error `plaintext` holds no decrypted byte.
    public static func open(
        _ envelope: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        key: SecretKey,
        into plaintext: UnsafeMutableRawBufferPointer,
        implementation: RecordOpeningImplementation = .fastest
    ) throws(EnvelopeError) {
        if envelope.count >= EnvelopeHeader.byteCount, envelope[0] == EnvelopeHeader.formatVersion,
            envelope[1] == EnvelopeAlgorithm.xChaCha20Poly1305.rawValue
        {
            try AEAD.open(envelope, associatedData: associatedData, key: key, into: plaintext)
            return
        }
        try EnvelopeHeader.validate(envelope, algorithm: .aes256GCMDerivedKey, minimumByteCount: overheadByteCount)
        precondition(
            plaintext.count == envelope.count - overheadByteCount,
            "RecordSealer.open: the plaintext buffer must be openedByteCount(envelopeByteCount:) bytes"
        )
        let salt = UnsafeRawBufferPointer(rebasing: envelope[RecordEnvelope.saltOffset..<RecordEnvelope.counterOffset])
        let counter = UnsafeRawBufferPointer(rebasing: envelope[RecordEnvelope.counterOffset..<RecordEnvelope.ciphertextOffset])
        let isOpened = withUnsafeTemporaryAllocation(byteCount: RecordSubkey.byteCount, alignment: 16) { subkey in
            defer { sodium_memzero(subkey.baseAddress, subkey.count) }
            RecordSubkey.derive(key: key, salt: salt, into: subkey)
            return withUnsafeTemporaryAllocation(byteCount: RecordEnvelope.gcmNonceByteCount, alignment: 1) { nonce in
                RecordEnvelope.writeNonce(counter: counter, into: nonce)
                let decryption = GCMDecryption(
                    subkey: UnsafeRawBufferPointer(subkey),
                    nonce: UnsafeRawBufferPointer(nonce),
                    sealed: UnsafeRawBufferPointer(rebasing: envelope[RecordEnvelope.ciphertextOffset...]),
                    associatedData: associatedData
                )
                return implementation == .fastest && hasHardwareAES
                    ? decryption.openWithSodium(into: plaintext)
                    : decryption.openPortably(into: plaintext)
            }
        }
        guard isOpened else { throw .authenticationFailed }
    }
}
