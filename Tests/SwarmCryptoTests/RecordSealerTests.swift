import SwarmCrypto
import Testing

@Suite("RecordSealer (AES-256-GCM under derived keys, counter nonces)")
struct RecordSealerTests {
    let key = SecretKey.random()
    let message = Array("raft entry 42: create service web".utf8)
    let associatedData: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 7, 2]

    static func seal(_ plaintext: [UInt8], associatedData: [UInt8], with sealer: RecordSealer) -> [UInt8] {
        var envelope = [UInt8](repeating: 0, count: RecordSealer.sealedByteCount(plaintextByteCount: plaintext.count))
        plaintext.withUnsafeBytes { plaintext in
            associatedData.withUnsafeBytes { associated in
                envelope.withUnsafeMutableBytes { sealer.seal(plaintext, associatedData: associated, into: $0) }
            }
        }
        return envelope
    }

    static func open(
        _ envelope: [UInt8],
        associatedData: [UInt8],
        key: SecretKey,
        implementation: RecordOpeningImplementation = .fastest
    ) throws(EnvelopeError) -> [UInt8] {
        guard let byteCount = RecordSealer.openedByteCount(envelopeByteCount: envelope.count) else {
            throw .truncated(byteCount: envelope.count, minimumByteCount: RecordSealer.overheadByteCount)
        }
        var plaintext = [UInt8](repeating: 0, count: byteCount)
        let outcome = envelope.withUnsafeBytes { envelope in
            associatedData.withUnsafeBytes { associated in
                plaintext.withUnsafeMutableBytes { output in
                    Result { () throws(EnvelopeError) in
                        try RecordSealer.open(envelope, associatedData: associated, key: key, into: output, implementation: implementation)
                    }
                }
            }
        }
        try outcome.get()
        return plaintext
    }

    /// An envelope made outside this code base (Python's `hashlib.blake2b` with key, salt and
    /// person, then the `cryptography` package's `AESGCM`): key 00 01 … 1f, salt a0 … af,
    /// counter 0x0102030405060708, associated data 01 02 03. It pins the format: the subkey
    /// derivation, the nonce layout and the counter's byte order.
    static let knownAnswerKey = (0..<32).map { UInt8($0) }
    static let knownAnswerAssociatedData: [UInt8] = [1, 2, 3]
    static let knownAnswerPlaintext = Array("raft entry 7".utf8)
    static let knownAnswerEnvelope = bytes(
        fromHex: "0104a0a1a2a3a4a5a6a7a8a9aaabacadaeaf0807060504030201"
            + "bc171775e45b41390eeb581db58f1a4ee1f385aafb18671afd53fab2"
    )

    static func bytes(fromHex text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
    }

    static func salt(of envelope: [UInt8]) -> [UInt8] { Array(envelope[2..<18]) }

    static func counter(of envelope: [UInt8]) -> UInt64 {
        envelope[18..<26].reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    @Test(
        "sealing then opening returns the plaintext, with libsodium and with the portable AES",
        arguments: [0, 1, 255, 256, 4096, 65536], [RecordOpeningImplementation.fastest, .portable]
    )
    func roundTrip(byteCount: Int, implementation: RecordOpeningImplementation) throws {
        let plaintext = (0..<byteCount).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let envelope = Self.seal(plaintext, associatedData: associatedData, with: RecordSealer(key: key))
        #expect(envelope.count == byteCount + RecordSealer.overheadByteCount)
        #expect(try Self.open(envelope, associatedData: associatedData, key: key, implementation: implementation) == plaintext)
    }

    @Test(
        "an envelope made by an independent implementation opens with both implementations",
        arguments: [RecordOpeningImplementation.fastest, .portable]
    )
    func knownAnswer(implementation: RecordOpeningImplementation) throws {
        let key = try SecretKey(copying: Self.knownAnswerKey)
        let associatedData = Self.knownAnswerAssociatedData
        let opened = try Self.open(Self.knownAnswerEnvelope, associatedData: associatedData, key: key, implementation: implementation)
        #expect(opened == Self.knownAnswerPlaintext)
        var tampered = Self.knownAnswerEnvelope
        tampered[25] ^= 1
        #expect(throws: EnvelopeError.authenticationFailed, "a changed counter must not open") {
            try Self.open(tampered, associatedData: Self.knownAnswerAssociatedData, key: key, implementation: implementation)
        }
    }

    @Test("with hardware AES: algorithm 4, one salt per sealer, counters 0, 1, 2, …, plaintext hidden")
    func envelopeLayout() throws {
        try #require(RecordSealer.hasHardwareAES, "this machine has no hardware AES: envelopes are XChaCha20-Poly1305")
        let sealer = RecordSealer(key: key)
        let envelopes = (0..<5).map { _ in Self.seal(message, associatedData: associatedData, with: sealer) }
        #expect(envelopes.allSatisfy { $0[0] == 1 && $0[1] == EnvelopeAlgorithm.aes256GCMDerivedKey.rawValue })
        #expect(envelopes.map(Self.counter) == [0, 1, 2, 3, 4])
        #expect(Set(envelopes.map(Self.salt)).count == 1)
        #expect(!envelopes[0].windows(ofCount: 8).contains { $0.elementsEqual(message.prefix(8)) })
        let other = Self.seal(message, associatedData: associatedData, with: RecordSealer(key: key))
        #expect(Self.salt(of: other) != Self.salt(of: envelopes[0]), "a second sealer of the same key must draw its own salt")
    }

    @Test("after recordsPerSalt records a new salt starts and the counter restarts")
    func saltRenewal() throws {
        try #require(RecordSealer.hasHardwareAES, "this machine has no hardware AES: no salts to renew")
        let sealer = RecordSealer(key: key, recordsPerSalt: 3)
        let envelopes = (0..<7).map { _ in Self.seal(message, associatedData: associatedData, with: sealer) }
        #expect(envelopes.map(Self.counter) == [0, 1, 2, 0, 1, 2, 0])
        let salts = envelopes.map(Self.salt)
        #expect(Set(salts).count == 3)
        #expect(salts[0] == salts[2] && salts[3] == salts[5] && salts[2] != salts[3] && salts[5] != salts[6])
        for envelope in envelopes {
            #expect(try Self.open(envelope, associatedData: associatedData, key: key) == message)
        }
    }

    @Test("concurrent sealers never reuse a (salt, counter) pair")
    func concurrentNoncesAreUnique() async {
        let sealer = RecordSealer(key: key, recordsPerSalt: 500)
        let (message, associatedData) = (message, associatedData)
        let nonces = await withTaskGroup(of: [[UInt8]].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    (0..<2_000).map { _ in Array(Self.seal(message, associatedData: associatedData, with: sealer)[2..<26]) }
                }
            }
            return await group.reduce(into: [[UInt8]]()) { $0 += $1 }
        }
        #expect(nonces.count == 8_000)
        #expect(Set(nonces).count == nonces.count)
    }

    @Test("every single-bit flip of header, salt, counter, ciphertext or tag is rejected, by both implementations")
    func everyBitFlipRejected() throws {
        try #require(RecordSealer.hasHardwareAES, "this machine has no hardware AES: AEADTests cover its envelopes")
        let envelope = Self.seal(message, associatedData: associatedData, with: RecordSealer(key: key))
        for implementation in [RecordOpeningImplementation.fastest, .portable] {
            expectEveryBitFlipRejected(envelope, algorithm: .aes256GCMDerivedKey, label: "\(implementation)") { tampered throws(EnvelopeError) in
                try Self.open(tampered, associatedData: associatedData, key: key, implementation: implementation)
            }
        }
    }

    @Test("a wrong key, other associated data or a truncated envelope is rejected")
    func wrongInputsRejected() throws {
        let envelope = Self.seal(message, associatedData: associatedData, with: RecordSealer(key: key))
        #expect(throws: EnvelopeError.authenticationFailed) {
            try Self.open(envelope, associatedData: associatedData, key: .random())
        }
        #expect(throws: EnvelopeError.authenticationFailed) {
            try Self.open(envelope, associatedData: associatedData + [0], key: key)
        }
        for length in [0, 1, 2, RecordSealer.overheadByteCount - 1, envelope.count - 1] {
            #expect(throws: EnvelopeError.self, "length \(length)") {
                try Self.open(Array(envelope.prefix(length)), associatedData: associatedData, key: key)
            }
        }
    }

    @Test("XChaCha20-Poly1305 envelopes (sealed where there is no hardware AES) open too")
    func openXChaChaEnvelopes() throws {
        let envelope = AEAD.seal(message, associatedData: associatedData, key: key)
        #expect(envelope.count == RecordSealer.sealedByteCount(plaintextByteCount: message.count))
        #expect(try Self.open(envelope, associatedData: associatedData, key: key) == message)
    }
}
