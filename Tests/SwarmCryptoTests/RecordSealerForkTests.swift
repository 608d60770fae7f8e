import SwarmCrypto
import SwarmTesting
import Testing

@Suite("RecordSealer across fork")
struct RecordSealerForkTests {
    @Test("a forked child never seals with its parent's (salt, counter)")
    func childDrawsItsOwnSalt() throws {
        try #require(RecordSealer.hasHardwareAES, "this machine has no hardware AES: sealing uses random XChaCha nonces")
        let outcome = try ChildProcess.run(BuiltProducts.executable("swarm-crypto-probe"))
        #expect(outcome.exitStatus == 0, "\(outcome.standardError)")
        let nonces = Dictionary(
            uniqueKeysWithValues: outcome.standardOutput.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: " ")
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }
        )
        let parent = try #require(nonces["parent"], "no parent line in: \(outcome.standardOutput)")
        let child = try #require(nonces["child"], "no child line in: \(outcome.standardOutput)")
        #expect(parent.count == 48 && child.count == 48)
        #expect(parent.prefix(32) != child.prefix(32), "the child sealed under its parent's salt")
        #expect(parent != child)
    }
}
