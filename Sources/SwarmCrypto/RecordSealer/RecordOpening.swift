import CSodium
import Crypto
import struct Foundation.Data

/// Which AES-GCM implementation opens `RecordSealer` envelopes.
public enum RecordOpeningImplementation: Sendable {
    /// libsodium with hardware AES where present, else the portable one.
    case fastest
    /// swift-crypto (BoringSSL), which needs no AES instructions: how a machine without them
    /// reads a log written on one with them.
    case portable
}

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
        let sealed = UnsafeRawBufferPointer(rebasing: envelope[RecordEnvelope.ciphertextOffset...])
        let isOpened = withUnsafeTemporaryAllocation(byteCount: RecordSubkey.byteCount, alignment: 16) { subkey in
            defer { sodium_memzero(subkey.baseAddress, subkey.count) }
            RecordSubkey.derive(key: key, salt: salt, into: subkey)
            return withUnsafeTemporaryAllocation(byteCount: RecordEnvelope.gcmNonceByteCount, alignment: 1) { nonce in
                RecordEnvelope.writeNonce(counter: counter, into: nonce)
                let parts = GCMParts(subkey: UnsafeRawBufferPointer(subkey), nonce: UnsafeRawBufferPointer(nonce), sealed: sealed, associatedData: associatedData)
                return implementation == .fastest && hasHardwareAES ? parts.openWithSodium(into: plaintext) : parts.openPortably(into: plaintext)
            }
        }
        guard isOpened else { throw .authenticationFailed }
    }
}

/// The inputs of one AES-256-GCM decryption: ciphertext followed by its 16-byte tag.
private struct GCMParts {
    let subkey: UnsafeRawBufferPointer
    let nonce: UnsafeRawBufferPointer
    let sealed: UnsafeRawBufferPointer
    let associatedData: UnsafeRawBufferPointer

    func openWithSodium(into plaintext: UnsafeMutableRawBufferPointer) -> Bool {
        crypto_aead_aes256gcm_decrypt(
            plaintext.sodiumPointer, nil, nil,
            sealed.sodiumPointer, sealed.sodiumLength,
            associatedData.sodiumPointer, associatedData.sodiumLength,
            nonce.sodiumPointer, subkey.sodiumPointer
        ) == 0
    }

    func openPortably(into plaintext: UnsafeMutableRawBufferPointer) -> Bool {
        let ciphertextByteCount = sealed.count - RecordEnvelope.tagByteCount
        // SymmetricKey keeps its copy in memory it zeroes when freed.
        let key = SymmetricKey(data: subkey)
        guard let nonce = try? AES.GCM.Nonce(data: nonce),
            let box = try? AES.GCM.SealedBox(
                nonce: nonce,
                ciphertext: UnsafeRawBufferPointer(rebasing: sealed[..<ciphertextByteCount]),
                tag: UnsafeRawBufferPointer(rebasing: sealed[ciphertextByteCount...])
            ),
            let opened: Data = try? AES.GCM.open(box, using: key, authenticating: associatedData)
        else { return false }
        opened.withUnsafeBytes { plaintext.copyMemory(from: $0) }
        return true
    }
}
