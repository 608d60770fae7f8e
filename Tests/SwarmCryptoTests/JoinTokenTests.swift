import SwarmCrypto
import Testing

@Suite("JoinToken (SWMTKN-1-…)")
struct JoinTokenTests {
    /// The worker token shown in Docker's swarm tutorial.
    static let dockerDocumentationToken = "SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c"
    static let digest = "49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv"
    static let secret = "8vxv8rssmk743ojnwacrr2e7c"
    static let rootCAPEM = Array("-----BEGIN CERTIFICATE-----\nswarmd test\n-----END CERTIFICATE-----\n".utf8)

    @Test("a generated token is 85 characters, carries the CA digest in base 36 and parses back")
    func generatedTokenRoundTrips() throws {
        let token = JoinToken.generate(rootCACertificatePEM: Self.rootCAPEM)
        let text = token.revealedText()
        #expect(text.count == 85)
        // sha256 of the PEM as a base-36 integer, computed independently (Python's int and hashlib).
        #expect(text.hasPrefix("SWMTKN-1-42193pnecumx2ch88crzqqhxp7ljooncojee3dpbc542k9gzkw-"))
        #expect(try JoinToken(parsing: text) == token)
        #expect(token.matchesRootCA(certificatePEM: Self.rootCAPEM))
        #expect(!token.matchesRootCA(certificatePEM: Self.rootCAPEM + [0x0A]))
    }

    @Test("two tokens for the same CA share the digest but not the secret")
    func secretsDiffer() {
        let worker = JoinToken.generate(rootCACertificatePEM: Self.rootCAPEM)
        let manager = JoinToken.generate(rootCACertificatePEM: Self.rootCAPEM)
        #expect(worker.rootCADigest == manager.rootCADigest)
        #expect(worker != manager)
    }

    @Test("a token printed by Docker parses and prints back identically")
    func dockerTokenParses() throws {
        let token = try JoinToken(parsing: "\(Self.dockerDocumentationToken)\n")
        #expect(token.revealedText() == Self.dockerDocumentationToken)
    }

    @Test("printing a token hides its secret")
    func descriptionHidesSecret() throws {
        let token = try JoinToken(parsing: Self.dockerDocumentationToken)
        var dumped = ""
        dump(token, to: &dumped)
        for text in ["\(token)", String(reflecting: token), dumped] {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(Self.dockerDocumentationToken))
        }
    }

    typealias MalformedCase = MalformedCredential<JoinTokenError>

    static let malformed: [MalformedCase] = [
        .init(name: "empty", text: "", error: .empty, phrase: "empty"),
        .init(name: "quoted", text: "\"\(dockerDocumentationToken)\"", error: .quoted, phrase: "quotes"),
        .init(name: "space inside", text: "SWMTKN-1-\(digest) \(secret)", error: .containsWhitespace(position: 60), phrase: "whitespace at character 60"),
        .init(name: "an unlock key", text: "SWMKEY-1-WuYH/IX284+lRcXuoVf38viIDK3HJEKY13MIHX+tTt8", error: .isUnlockKey, phrase: "unlock key"),
        .init(name: "lower-case prefix", text: "swmtkn-1-\(digest)-\(secret)", error: .prefixNotUppercase, phrase: "upper case"),
        .init(name: "no prefix", text: "\(digest)-\(secret)", error: .missingPrefix, phrase: "does not start with SWMTKN-1-"),
        .init(name: "FIPS token", text: "SWMTKN-2-1-\(digest)-\(secret)", error: .fipsTokenUnsupported, phrase: "FIPS"),
        .init(name: "version 3", text: "SWMTKN-3-\(digest)-\(secret)", error: .unsupportedVersion, phrase: "version is not 1"),
        .init(name: "secret missing", text: "SWMTKN-1-\(digest)", error: .wrongFieldCount(3), phrase: "3 fields"),
        .init(name: "extra field", text: "SWMTKN-1-\(digest)-\(secret)-x", error: .wrongFieldCount(5), phrase: "5 fields"),
        .init(name: "empty digest", text: "SWMTKN-1--\(secret)", error: .wrongFieldLength(field: .digest, characterCount: 0), phrase: "root CA digest has 0 characters"),
        .init(name: "digest one short", text: "SWMTKN-1-\(digest.dropLast())-\(secret)", error: .wrongFieldLength(field: .digest, characterCount: 49), phrase: "49 characters, not 50"),
        .init(name: "secret one long", text: "SWMTKN-1-\(digest)-\(secret)0", error: .wrongFieldLength(field: .secret, characterCount: 26), phrase: "secret has 26 characters, not 25"),
        .init(name: "upper-case digest", text: "SWMTKN-1-\(digest.uppercased())-\(secret)", error: .upperCaseCharacter(field: .digest, position: 3), phrase: "upper case"),
        .init(name: "punctuation in secret", text: "SWMTKN-1-\(digest)-8vxv8rssmk743ojnwacrr2e7!", error: .invalidCharacter(field: .secret, position: 25), phrase: "not a base-36 digit"),
        .init(name: "digest beyond SHA-256", text: "SWMTKN-1-\(String(repeating: "z", count: 50))-\(secret)", error: .digestOutOfRange, phrase: "larger than any SHA-256"),
        .init(name: "secret beyond 16 bytes", text: "SWMTKN-1-\(digest)-\(String(repeating: "z", count: 25))", error: .secretOutOfRange, phrase: "larger than any 16-byte"),
    ]

    @Test("malformed tokens are rejected with an error that says what is wrong", arguments: malformed)
    func malformedTokenRejected(_ malformed: MalformedCase) {
        #expect(throws: malformed.error) { try JoinToken(parsing: malformed.text) }
        #expect(malformed.error.description.contains(malformed.phrase))
        #expect(malformed.error.description.hasPrefix("invalid join token: "))
    }

    @Test("each kind of mistake has its own message, and none repeats the secret")
    func messagesAreDistinctAndSecretFree() {
        let descriptions = Self.malformed.map(\.error.description)
        #expect(Set(descriptions).count == Self.malformed.count)
        for description in descriptions {
            #expect(!description.contains(Self.secret))
        }
    }
}
