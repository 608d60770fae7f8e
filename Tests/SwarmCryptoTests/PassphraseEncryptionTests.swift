import SwarmCrypto
import Testing

@Suite("PassphraseEncryption (Argon2id)")
struct PassphraseEncryptionTests {
    /// The cheapest accepted cost: these tests are about the envelope, not about Argon2id's
    /// strength, and must stay fast.
    let cheap = try! Argon2Parameters(opsLimit: 1, memoryLimitKiB: 8)
    let message = Array("backup content key".utf8)

    @Test("sealing under a passphrase and opening with it returns the message")
    func roundTrip() throws {
        let envelope = try PassphraseEncryption.seal(message, passphrase: "correct horse", parameters: cheap)
        #expect(envelope.count == message.count + PassphraseEncryption.overheadByteCount)
        #expect(try PassphraseEncryption.open(envelope, passphrase: "correct horse") == message)
    }

    @Test("the envelope stores its Argon2id cost, so it opens without being told")
    func parametersAreStored() throws {
        let parameters = try Argon2Parameters(opsLimit: 2, memoryLimitKiB: 64)
        let envelope = try PassphraseEncryption.seal(message, passphrase: "p", parameters: parameters)
        #expect(Array(envelope[0..<10]) == [1, 3, 2, 0, 0, 0, 64, 0, 0, 0])
        #expect(try PassphraseEncryption.open(envelope, passphrase: "p") == message)
    }

    @Test("a wrong passphrase is rejected")
    func wrongPassphraseRejected() throws {
        let envelope = try PassphraseEncryption.seal(message, passphrase: "correct horse", parameters: cheap)
        for wrong in ["correct hors", "correct horse ", "Correct horse", ""] {
            #expect(throws: EnvelopeError.authenticationFailed) {
                try PassphraseEncryption.open(envelope, passphrase: wrong)
            }
        }
    }

    @Test("changing the stored cost or salt makes the envelope fail to open")
    func storedCostAndSaltMatter() throws {
        let envelope = try PassphraseEncryption.seal(message, passphrase: "p", parameters: cheap)
        for byteIndex in 2..<26 {
            var tampered = envelope
            tampered[byteIndex] ^= 0x01
            #expect(throws: EnvelopeError.self, "byte \(byteIndex)") {
                try PassphraseEncryption.open(tampered, passphrase: "p")
            }
        }
    }

    @Test("a passphrase typed in another Unicode normal form opens the envelope")
    func passphraseIsNormalised() throws {
        let composed = "caf\u{E9} cr\u{E8}me"
        let decomposed = "cafe\u{301} cre\u{300}me"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let envelope = try PassphraseEncryption.seal(message, passphrase: decomposed, parameters: cheap)
        #expect(try PassphraseEncryption.open(envelope, passphrase: composed) == message)
    }

    @Test("associated data must match")
    func associatedDataMismatchRejected() throws {
        let envelope = try PassphraseEncryption.seal(message, passphrase: "p", parameters: cheap, associatedData: [1, 2])
        #expect(try PassphraseEncryption.open(envelope, passphrase: "p", associatedData: [1, 2]) == message)
        #expect(throws: EnvelopeError.authenticationFailed) {
            try PassphraseEncryption.open(envelope, passphrase: "p", associatedData: [1, 3])
        }
    }

    @Test("a stored cost outside the accepted range is refused before any key is derived")
    func outOfRangeCostRefused() throws {
        var envelope = try PassphraseEncryption.seal(message, passphrase: "p", parameters: cheap)
        // 0xFFFFFFFF KiB (4 TiB): deriving would exhaust memory; it must be refused first.
        envelope.replaceSubrange(6..<10, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: EnvelopeError.passphraseParametersOutOfRange(opsLimit: 1, memoryLimitKiB: .max)) {
            try PassphraseEncryption.open(envelope, passphrase: "p")
        }
    }

    @Test("a stored cost above the caller's limit is refused")
    func costAboveLimitRefused() throws {
        let envelope = try PassphraseEncryption.seal(message, passphrase: "p", parameters: try Argon2Parameters(opsLimit: 2, memoryLimitKiB: 64))
        #expect(throws: EnvelopeError.passphraseCostAboveLimit(stored: try Argon2Parameters(opsLimit: 2, memoryLimitKiB: 64), limit: cheap)) {
            try PassphraseEncryption.open(envelope, passphrase: "p", costLimit: cheap)
        }
    }

    @Test("costs outside the accepted ranges cannot be chosen", arguments: [(0, 64), (17, 64), (1, 7), (1, 2 * 1024 * 1024 + 1)])
    func invalidParametersRejected(opsLimit: UInt32, memoryLimitKiB: UInt32) {
        #expect(throws: EnvelopeError.passphraseParametersOutOfRange(opsLimit: opsLimit, memoryLimitKiB: memoryLimitKiB)) {
            try Argon2Parameters(opsLimit: opsLimit, memoryLimitKiB: memoryLimitKiB)
        }
    }
}
