import SwarmCrypto
import SwarmTesting
import Testing

/// Every decoder meets hostile input: 10,000 random and mutated inputs each. A decoder may only
/// throw its typed error or, for text that happens to be valid, accept it in canonical form; it
/// never crashes and never accepts a damaged envelope. A failure prints the seed to replay with
/// `SWARMD_SEED=<seed> swift test --filter DecoderFuzzTests`.
@Suite("Decoders reject arbitrary and mutated input")
struct DecoderFuzzTests {
    static let inputCount = 10_000

    @Test("AEAD envelopes: random and mutated envelopes are all rejected")
    func aeadEnvelopes() {
        var mutator = InputMutator(random: .fromEnvironment())
        let seed = mutator.random.seed
        let key = SecretKey.random()
        let valid = AEAD.seal(Array("record".utf8), associatedData: [1, 2, 3], key: key)
        for index in 0..<Self.inputCount {
            let input = index.isMultiple(of: 2) ? mutator.randomBytes(maximumLength: 128) : mutator.mutate(valid)
            #expect(throws: EnvelopeError.self, "seed \(seed), input \(index)") {
                try AEAD.open(input, associatedData: [1, 2, 3], key: key)
            }
        }
    }

    @Test("sealed boxes: random and mutated boxes are all rejected")
    func sealedBoxes() {
        var mutator = InputMutator(random: .fromEnvironment())
        let seed = mutator.random.seed
        let recipient = RecipientKeyPair.generate()
        let valid = SealedBox.seal(Array("content key".utf8), to: recipient.publicKey)
        for index in 0..<Self.inputCount {
            let input = index.isMultiple(of: 2) ? mutator.randomBytes(maximumLength: 128) : mutator.mutate(valid)
            #expect(throws: EnvelopeError.self, "seed \(seed), input \(index)") {
                try SealedBox.open(input, with: recipient)
            }
        }
    }

    @Test("passphrase envelopes: random and mutated envelopes are all rejected within the cost limit")
    func passphraseEnvelopes() throws {
        var mutator = InputMutator(random: .fromEnvironment())
        let seed = mutator.random.seed
        let cheap = try Argon2Parameters(opsLimit: 1, memoryLimitKiB: 8)
        let valid = try PassphraseEncryption.seal(Array("content key".utf8), passphrase: "p", parameters: cheap)
        for index in 0..<Self.inputCount {
            let input = index.isMultiple(of: 2) ? mutator.randomBytes(maximumLength: 160) : mutator.mutate(valid)
            #expect(throws: EnvelopeError.self, "seed \(seed), input \(index)") {
                try PassphraseEncryption.open(input, passphrase: "p", costLimit: cheap)
            }
        }
    }

    @Test("unlock keys: whatever parses is canonical, everything else is a typed error")
    func unlockKeys() {
        var mutator = InputMutator(random: .fromEnvironment())
        let seed = mutator.random.seed
        let valid = Array(UnlockKey.generate().revealedText().utf8)
        for index in 0..<Self.inputCount {
            let bytes = index.isMultiple(of: 2) ? mutator.randomBytes(maximumLength: 80) : mutator.mutate(valid)
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let key = try UnlockKey(parsing: text)
                #expect(key.revealedText() == trimmed(text), "seed \(seed), input \(index)")
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test("join tokens: whatever parses is canonical, everything else is a typed error")
    func joinTokens() {
        var mutator = InputMutator(random: .fromEnvironment())
        let seed = mutator.random.seed
        let valid = Array(JoinToken.generate(rootCACertificatePEM: [1, 2, 3]).revealedText().utf8)
        for index in 0..<Self.inputCount {
            let bytes = index.isMultiple(of: 2) ? mutator.randomBytes(maximumLength: 120) : mutator.mutate(valid)
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let token = try JoinToken(parsing: text)
                #expect(token.revealedText() == trimmed(text), "seed \(seed), input \(index)")
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    private func trimmed(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.drop { $0.properties.isWhitespace }.reversed().drop { $0.properties.isWhitespace }.reversed()))
    }
}
