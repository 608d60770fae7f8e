import SwarmCrypto
import SwarmTesting
import Testing

@Suite("Nonces across fork")
struct NonceForkTests {
    /// The probe's "role nonce" lines.
    static func nonces() throws -> [String: String] {
        let outcome = try ChildProcess.run(BuiltProducts.executable("swarm-crypto-probe"))
        #expect(outcome.exitStatus == 0, "\(outcome.standardError)")
        return Dictionary(
            uniqueKeysWithValues: outcome.standardOutput.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: " ")
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }
        )
    }

    @Test("a forked child never seals a record with its parent's (salt, counter)")
    func recordSealerChildDrawsItsOwnSalt() throws {
        try #require(RecordSealer.hasHardwareAES, "this machine has no hardware AES: records use random XChaCha nonces")
        let nonces = try Self.nonces()
        let parent = try #require(nonces["parent-record"], "no parent line in: \(nonces)")
        let child = try #require(nonces["child-record"], "no child line in: \(nonces)")
        #expect(parent.count == 48 && child.count == 48)
        #expect(parent.prefix(32) != child.prefix(32), "the child sealed under its parent's salt")
    }

    @Test("a forked child never takes AEAD nonces from its parent's buffered randomness")
    func aeadChildDiscardsTheNoncePool() throws {
        let nonces = try Self.nonces()
        let parent = try #require(nonces["parent-aead"], "no parent line in: \(nonces)")
        let child = try #require(nonces["child-aead"], "no child line in: \(nonces)")
        #expect(parent.count == 48 && child.count == 48)
        #expect(parent != child, "parent and child sealed with the same nonce")
    }
}
