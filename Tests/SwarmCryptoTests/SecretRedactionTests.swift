import Logging
import SwarmCrypto
import Synchronization
import Testing

/// Collects what a `StreamLogHandler` writes, as swarmd's real log output.
final class CapturedLogStream: TextOutputStream, Sendable {
    private let text = Mutex("")

    func write(_ string: String) {
        text.withLock { $0 += string }
    }

    var contents: String { text.withLock { $0 } }
}

@Suite("Secrets never reach log output")
struct SecretRedactionTests {
    @Test("keys and tokens logged every way a developer might leave no trace of their secret")
    func loggedSecretsAreRedacted() throws {
        let stream = CapturedLogStream()
        var logger = Logger(label: "swarmd-test") { label in StreamLogHandler(label: label, stream: stream) }
        logger.logLevel = .trace
        let unlockKey = UnlockKey.generate()
        let joinToken = JoinToken.generate(rootCACertificatePEM: Array("root CA".utf8))
        let recipient = RecipientKeyPair.generate()
        let secrets: [any Sendable] = [unlockKey, unlockKey.key, joinToken, recipient.privateKey]
        for secret in secrets {
            logger.info("generated \(secret)", metadata: ["secret": "\(secret)", "reflected": "\(String(reflecting: secret))"])
            logger.trace("details", metadata: ["value": .stringConvertible(String(describing: secret))])
            var dumped = ""
            dump(secret, to: &dumped)
            logger.debug("dumped \(dumped)")
        }
        // An operator's near-miss (one character changed) is still most of the secret.
        var nearMiss = unlockKey.revealedText()
        nearMiss.removeLast()
        nearMiss += "!"
        do {
            _ = try UnlockKey(parsing: nearMiss)
            Issue.record("a key ending in '!' must not parse")
        } catch {
            logger.error("unlock failed", metadata: ["error": "\(error)"])
        }
        let output = stream.contents
        #expect(output.contains("redacted"))
        let unlockBody = String(unlockKey.revealedText().dropFirst(UnlockKey.prefix.count))
        let tokenSecret = String(joinToken.revealedText().suffix(25))
        for (name, secret) in [("unlock key", unlockBody), ("join token secret", tokenSecret)] {
            // No 10-character run of the secret may appear anywhere.
            let characters = Array(secret)
            for start in 0...(characters.count - 10) {
                let window = String(characters[start..<(start + 10)])
                #expect(!output.contains(window), "\(name) leaked into the log")
            }
        }
    }
}
