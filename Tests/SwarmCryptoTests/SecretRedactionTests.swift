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
        let unlockKey = UnlockKey.generate()
        let joinToken = JoinToken.generate(rootCACertificatePEM: Array("root CA".utf8))
        let recipient = RecipientKeyPair.generate()
        let secrets: [any Sendable] = [unlockKey, unlockKey.key, joinToken, recipient.privateKey]
        for secret in secrets {
            #expect("\(secret)".contains("redacted"), "\(type(of: secret)) must redact its description")
        }

        let stream = CapturedLogStream()
        var logger = Logger(label: "swarmd-test") { label in StreamLogHandler(label: label, stream: stream) }
        logger.logLevel = .trace
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
        #expect(throws: UnlockKeyError.invalidCharacter(position: 43)) {
            do {
                _ = try UnlockKey(parsing: nearMiss)
            } catch {
                logger.error("unlock failed", metadata: ["error": "\(error)"])
                throw error
            }
        }

        let output = stream.contents
        let keyRenderings = [unlockKey.key, recipient.privateKey].flatMap { key in
            key.withUnsafeBytes { bytes in
                [bytes.map { String($0, radix: 16) }.joined(), "\(Array(bytes))", bytes.map { String($0) }.joined(separator: ", ")]
            }
        }
        let textSecrets = [
            String(unlockKey.revealedText().dropFirst(UnlockKey.prefix.count)),
            String(joinToken.revealedText().suffix(25)),
        ]
        for secret in keyRenderings + textSecrets {
            // No 10-character run of any rendering of a secret may appear anywhere.
            let characters = Array(secret)
            for start in 0...(characters.count - 10) {
                let window = String(characters[start..<(start + 10)])
                #expect(!output.contains(window), "a secret leaked into the log: \(window)")
            }
        }
    }
}
