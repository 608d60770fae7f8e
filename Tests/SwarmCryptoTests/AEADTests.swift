import SwarmCrypto
import Testing

@Suite("AEAD (XChaCha20-Poly1305 envelope)")
struct AEADTests {
    let key = SecretKey.random()
    let message = Array("raft entry 42: create service web".utf8)
    let associatedData: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 7, 2]

    @Test("sealing then opening returns the plaintext", arguments: [0, 1, 255, 256, 4096, 65536])
    func roundTrip(byteCount: Int) throws {
        let plaintext = (0..<byteCount).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let envelope = AEAD.seal(plaintext, associatedData: associatedData, key: key)
        #expect(envelope.count == byteCount + AEAD.overheadByteCount)
        #expect(try AEAD.open(envelope, associatedData: associatedData, key: key) == plaintext)
    }

    @Test("the envelope starts with format version 1 and algorithm 1, and hides the plaintext")
    func envelopeLayout() {
        let envelope = AEAD.seal(message, key: key)
        #expect(envelope[0] == 1)
        #expect(envelope[1] == EnvelopeAlgorithm.xChaCha20Poly1305.rawValue)
        #expect(envelope.count == message.count + 42)
        #expect(!envelope.windows(ofCount: 8).contains { $0.elementsEqual(message.prefix(8)) })
    }

    @Test("every seal uses a fresh nonce, across many refills of the nonce pool")
    func noncesAreFresh() {
        // 10,000 nonces of 24 bytes span about 60 refills of the 4 KiB pool.
        let envelopes = (0..<10_000).map { _ in AEAD.seal(message, key: key) }
        #expect(Set(envelopes).count == envelopes.count)
        #expect(Set(envelopes.map { Array($0[2..<26]) }).count == envelopes.count)
    }

    @Test("the buffer API and the array API produce envelopes each other can open")
    func bufferAndArrayAPIsAgree() throws {
        var envelope = [UInt8](repeating: 0, count: AEAD.sealedByteCount(plaintextByteCount: message.count))
        message.withUnsafeBytes { plaintext in
            associatedData.withUnsafeBytes { associated in
                envelope.withUnsafeMutableBytes { output in
                    AEAD.seal(plaintext, associatedData: associated, key: key, into: output)
                }
            }
        }
        #expect(try AEAD.open(envelope, associatedData: associatedData, key: key) == message)
        let sealed = AEAD.seal(message, associatedData: associatedData, key: key)
        var opened = [UInt8](repeating: 0, count: try #require(AEAD.openedByteCount(envelopeByteCount: sealed.count)))
        try sealed.withUnsafeBytes { envelopeBytes in
            try associatedData.withUnsafeBytes { associated in
                try opened.withUnsafeMutableBytes { output in
                    try AEAD.open(envelopeBytes, associatedData: associated, key: key, into: output)
                }
            }
        }
        #expect(opened == message)
    }

    @Test("every single-bit flip of header, nonce, ciphertext or tag is rejected")
    func everyBitFlipRejected() {
        let envelope = AEAD.seal(message, associatedData: associatedData, key: key)
        expectEveryBitFlipRejected(envelope, algorithm: .xChaCha20Poly1305) { tampered throws(EnvelopeError) in
            try AEAD.open(tampered, associatedData: associatedData, key: key)
        }
    }

    @Test("every truncation of an envelope is rejected")
    func everyTruncationRejected() {
        let envelope = AEAD.seal(message, associatedData: associatedData, key: key)
        for length in 0..<envelope.count {
            #expect(throws: EnvelopeError.self, "length \(length)") {
                try AEAD.open(Array(envelope.prefix(length)), associatedData: associatedData, key: key)
            }
        }
        for length in 2..<AEAD.overheadByteCount {
            #expect(throws: EnvelopeError.truncated(byteCount: length, minimumByteCount: AEAD.overheadByteCount)) {
                try AEAD.open(Array(envelope.prefix(length)), associatedData: associatedData, key: key)
            }
        }
    }

    @Test("a wrong key is rejected")
    func wrongKeyRejected() {
        let envelope = AEAD.seal(message, associatedData: associatedData, key: key)
        #expect(throws: EnvelopeError.authenticationFailed) {
            try AEAD.open(envelope, associatedData: associatedData, key: SecretKey.random())
        }
    }

    @Test("associated data that differs in any way is rejected")
    func associatedDataMismatchRejected() {
        let envelope = AEAD.seal(message, associatedData: associatedData, key: key)
        var changed = associatedData
        changed[7] = 43
        for other in [[], changed, associatedData + [0], Array(associatedData.dropLast())] {
            #expect(throws: EnvelopeError.authenticationFailed) {
                try AEAD.open(envelope, associatedData: other, key: key)
            }
        }
    }

    @Test("appending bytes to an envelope is rejected")
    func extensionRejected() {
        let envelope = AEAD.seal(message, key: key)
        #expect(throws: EnvelopeError.authenticationFailed) {
            try AEAD.open(envelope + [0], key: key)
        }
    }
}

extension Array {
    /// Every run of `count` consecutive elements.
    func windows(ofCount count: Int) -> [ArraySlice<Element>] {
        guard self.count >= count else { return [] }
        return (0...(self.count - count)).map { self[$0..<($0 + count)] }
    }
}
