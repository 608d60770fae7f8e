import SwarmCrypto
import Testing

@Suite("SealedBox (X25519)")
struct SealedBoxTests {
    let recipient = RecipientKeyPair.generate()
    let contentKey = Array("a backup's 32-byte content key..".utf8)

    @Test("a box sealed to a public key opens with its key pair")
    func roundTrip() throws {
        let envelope = SealedBox.seal(contentKey, to: recipient.publicKey)
        #expect(envelope.count == contentKey.count + SealedBox.overheadByteCount)
        #expect(envelope[0] == 1 && envelope[1] == EnvelopeAlgorithm.x25519SealedBox.rawValue)
        #expect(try SealedBox.open(envelope, with: recipient) == contentKey)
    }

    @Test("an empty message round-trips")
    func emptyMessage() throws {
        #expect(try SealedBox.open(SealedBox.seal([], to: recipient.publicKey), with: recipient) == [])
    }

    @Test("another recipient's key pair cannot open the box")
    func wrongRecipientRejected() {
        let envelope = SealedBox.seal(contentKey, to: recipient.publicKey)
        #expect(throws: EnvelopeError.authenticationFailed) {
            try SealedBox.open(envelope, with: RecipientKeyPair.generate())
        }
    }

    @Test("every single-bit flip and every truncation is rejected")
    func tamperingRejected() {
        let envelope = SealedBox.seal(contentKey, to: recipient.publicKey)
        for byteIndex in envelope.indices {
            for bit in 0..<8 {
                var tampered = envelope
                tampered[byteIndex] ^= 1 << bit
                #expect(throws: EnvelopeError.self) { try SealedBox.open(tampered, with: recipient) }
            }
        }
        for length in 0..<envelope.count {
            #expect(throws: EnvelopeError.self) { try SealedBox.open(Array(envelope.prefix(length)), with: recipient) }
        }
    }

    @Test("a key pair rebuilt from its private key has the same public key")
    func keyPairFromPrivateKey() throws {
        let privateBytes = (0..<32).map { UInt8($0 * 3) }
        let first = RecipientKeyPair(privateKey: try SecretKey(copying: privateBytes))
        let second = RecipientKeyPair(privateKey: try SecretKey(copying: privateBytes))
        #expect(first.publicKey == second.publicKey)
        #expect(first.publicKey != recipient.publicKey)
    }

    @Test("a public key must be 32 bytes")
    func publicKeyLength() {
        #expect(throws: KeyMaterialError.wrongLength(byteCount: 31, expectedByteCount: 32)) {
            try RecipientPublicKey(bytes: [UInt8](repeating: 1, count: 31))
        }
    }
}
