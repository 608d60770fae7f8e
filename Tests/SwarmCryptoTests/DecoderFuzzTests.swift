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
        let key = SecretKey.random()
        let valid = AEAD.seal(Array("record".utf8), associatedData: [1, 2, 3], key: key)
        checkEnvelopeDecoder(valid: valid, maximumLength: 128) { input throws(EnvelopeError) in
            try AEAD.open(input, associatedData: [1, 2, 3], key: key)
        }
    }

    @Test("record sealer envelopes: random and mutated envelopes are all rejected")
    func recordEnvelopes() throws {
        // The known-answer envelope is AES-GCM on every machine, with or without AES instructions.
        let key = try SecretKey(copying: RecordSealerTests.knownAnswerKey)
        let associatedData = RecordSealerTests.knownAnswerAssociatedData
        checkEnvelopeDecoder(valid: RecordSealerTests.knownAnswerEnvelope, maximumLength: 128) { input throws(EnvelopeError) in
            try RecordSealerTests.open(input, associatedData: associatedData, key: key)
        }
    }

    @Test("sealed boxes: random and mutated boxes are all rejected")
    func sealedBoxes() {
        let recipient = RecipientKeyPair.generate()
        let valid = SealedBox.seal(Array("content key".utf8), to: recipient.publicKey)
        checkEnvelopeDecoder(valid: valid, maximumLength: 128) { input throws(EnvelopeError) in
            try SealedBox.open(input, with: recipient)
        }
    }

    @Test("passphrase envelopes: random and mutated envelopes are all rejected within the cost limit")
    func passphraseEnvelopes() throws {
        let cheap = try Argon2Parameters(opsLimit: 1, memoryLimitKiB: 8)
        let valid = try PassphraseEncryption.seal(Array("content key".utf8), passphrase: "p", parameters: cheap)
        checkEnvelopeDecoder(valid: valid, maximumLength: 160) { input throws(EnvelopeError) in
            try PassphraseEncryption.open(input, passphrase: "p", costLimit: cheap)
        }
    }

    /// Feeds `open` random envelopes and mutations of `valid`: every one must be rejected.
    private func checkEnvelopeDecoder(valid: [UInt8], maximumLength: Int, open: ([UInt8]) throws(EnvelopeError) -> [UInt8]) {
        var mutator = InputMutator(random: .fromEnvironment())
        let seed = mutator.random.seed
        for index in 0..<Self.inputCount {
            let input = index.isMultiple(of: 2) ? mutator.randomBytes(maximumLength: maximumLength) : mutator.mutate(valid)
            #expect(throws: EnvelopeError.self, "seed \(seed), input \(index)") { try open(input) }
        }
    }

    @Test("unlock keys: whatever parses is canonical, everything else is a typed error")
    func unlockKeys() {
        checkTextDecoder(valid: UnlockKey.generate().revealedText(), maximumLength: 80) { text throws(UnlockKeyError) in
            try UnlockKey(parsing: text).revealedText()
        }
    }

    @Test("join tokens: whatever parses is canonical, everything else is a typed error")
    func joinTokens() {
        checkTextDecoder(valid: JoinToken.generate(rootCACertificatePEM: [1, 2, 3]).revealedText(), maximumLength: 120) { text throws(JoinTokenError) in
            try JoinToken(parsing: text).revealedText()
        }
    }

    /// Feeds `parseAndPrint` random and mutated texts: each must either throw its typed error
    /// with a message, or parse to a value that prints back as the trimmed input.
    private func checkTextDecoder<Failure: Error & CustomStringConvertible>(
        valid: String,
        maximumLength: Int,
        parseAndPrint: (String) throws(Failure) -> String
    ) {
        var mutator = InputMutator(random: .fromEnvironment())
        let seed = mutator.random.seed
        for index in 0..<Self.inputCount {
            let bytes = index.isMultiple(of: 2) ? mutator.randomBytes(maximumLength: maximumLength) : mutator.mutate(Array(valid.utf8))
            let text = String(decoding: bytes, as: UTF8.self)
            do throws(Failure) {
                #expect(try parseAndPrint(text) == trimmed(text), "seed \(seed), input \(index)")
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    private func trimmed(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.drop { $0.properties.isWhitespace }.reversed().drop { $0.properties.isWhitespace }.reversed()))
    }
}
