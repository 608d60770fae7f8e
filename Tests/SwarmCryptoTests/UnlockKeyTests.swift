import SwarmCrypto
import Testing

@Suite("UnlockKey (SWMKEY-1-…)")
struct UnlockKeyTests {
    /// The key shown in Docker's documentation for `docker swarm unlock-key`.
    static let dockerDocumentationKey = "SWMKEY-1-WuYH/IX284+lRcXuoVf38viIDK3HJEKY13MIHX+tTt8"
    static let validBody = String(dockerDocumentationKey.dropFirst(9))

    @Test("a generated key prints as SWMKEY-1- plus 43 base64 characters and parses back to itself")
    func generatedKeyRoundTrips() throws {
        let key = UnlockKey.generate()
        let text = key.revealedText()
        #expect(text.hasPrefix("SWMKEY-1-"))
        #expect(text.count == 52)
        #expect(try UnlockKey(parsing: text) == key)
    }

    @Test("a key printed by Docker parses to the bytes Docker encoded and prints identically")
    func dockerKeyParses() throws {
        let key = try UnlockKey(parsing: Self.dockerDocumentationKey)
        let expected: [UInt8] = [
            0x5a, 0xe6, 0x07, 0xfc, 0x85, 0xf6, 0xf3, 0x8f, 0xa5, 0x45, 0xc5, 0xee, 0xa1, 0x57, 0xf7, 0xf2,
            0xf8, 0x88, 0x0c, 0xad, 0xc7, 0x24, 0x42, 0x98, 0xd7, 0x73, 0x08, 0x1d, 0x7f, 0xad, 0x4e, 0xdf,
        ]
        key.key.withUnsafeBytes { #expect(Array($0) == expected) }
        #expect(key.revealedText() == Self.dockerDocumentationKey)
    }

    @Test("whitespace around the key (a key file's trailing newline) is ignored")
    func surroundingWhitespaceIgnored() throws {
        let expected = try UnlockKey(parsing: Self.dockerDocumentationKey)
        #expect(try UnlockKey(parsing: "  \(Self.dockerDocumentationKey)\n") == expected)
        #expect(try UnlockKey(parsing: "\t\(Self.dockerDocumentationKey)\r\n") == expected)
    }

    typealias MalformedCase = MalformedCredential<UnlockKeyError>

    static let malformed: [MalformedCase] = [
        .init(name: "empty", text: "", error: .empty, phrase: "empty"),
        .init(name: "only whitespace", text: " \n\t", error: .empty, phrase: "empty"),
        .init(name: "double-quoted", text: "\"\(dockerDocumentationKey)\"", error: .quoted, phrase: "quotes"),
        .init(name: "single-quoted", text: "'\(dockerDocumentationKey)'", error: .quoted, phrase: "quotes"),
        .init(name: "space inside", text: "SWMKEY-1-WuYH/IX284+lRcXu oVf38viIDK3HJEKY13MIHX+tTt8", error: .containsWhitespace(position: 26), phrase: "whitespace at character 26"),
        .init(name: "two keys on two lines", text: "\(dockerDocumentationKey)\n\(dockerDocumentationKey)", error: .containsWhitespace(position: 53), phrase: "whitespace"),
        .init(name: "a join token", text: "SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c", error: .isJoinToken, phrase: "join token"),
        .init(name: "lower-case prefix", text: "swmkey-1-" + validBody, error: .prefixNotUppercase, phrase: "upper case"),
        .init(name: "no prefix", text: validBody, error: .missingPrefix, phrase: "does not start with SWMKEY-1-"),
        .init(name: "another product's key", text: "AGE-SECRET-KEY-1QQQ", error: .missingPrefix, phrase: "does not start"),
        .init(name: "version missing", text: "SWMKEY-" + validBody, error: .missingVersion, phrase: "version after SWMKEY- is missing"),
        .init(name: "version 2", text: "SWMKEY-2-" + validBody, error: .unsupportedVersion("2"), phrase: "version 2 is not supported"),
        .init(name: "prefix only", text: "SWMKEY-1-", error: .wrongLength(characterCount: 0), phrase: "0 characters"),
        .init(name: "one character short", text: "SWMKEY-1-" + validBody.dropLast(), error: .wrongLength(characterCount: 42), phrase: "42 characters"),
        .init(name: "one character long", text: "SWMKEY-1-" + validBody + "A", error: .wrongLength(characterCount: 44), phrase: "44 characters"),
        .init(name: "base64 padding", text: "SWMKEY-1-" + validBody + "=", error: .hasPadding, phrase: "'=' padding"),
        .init(name: "URL-safe alphabet", text: "SWMKEY-1-WuYH_IX284+lRcXuoVf38viIDK3HJEKY13MIHX+tTt8", error: .urlSafeCharacter(position: 5), phrase: "URL-safe"),
        .init(name: "punctuation", text: "SWMKEY-1-WuYH/IX284+lRcXuoVf38viIDK3HJEKY13MIHX+tTt!", error: .invalidCharacter(position: 43), phrase: "character 43"),
        .init(name: "non-ASCII letter", text: "SWMKEY-1-WuYH/IX284+lRcXuoVf38viIDK3HJEKY13MIHX+tTté", error: .invalidCharacter(position: 43), phrase: "not base64"),
        .init(name: "unused bits set in the last character", text: "SWMKEY-1-WuYH/IX284+lRcXuoVf38viIDK3HJEKY13MIHX+tTt9", error: .nonCanonicalEncoding, phrase: "altered"),
    ]

    @Test("malformed keys are rejected with an error that says what is wrong", arguments: malformed)
    func malformedKeyRejected(_ malformed: MalformedCase) {
        #expect(throws: malformed.error) { try UnlockKey(parsing: malformed.text) }
        #expect(malformed.error.description.contains(malformed.phrase))
        #expect(malformed.error.description.hasPrefix("invalid unlock key: "))
    }

    @Test("each kind of mistake has its own message, and none repeats the key")
    func messagesAreDistinctAndSecretFree() {
        let descriptions = Self.malformed.map(\.error.description)
        #expect(Set(descriptions).count == Set(Self.malformed.map(\.error)).count)
        for description in descriptions {
            #expect(!description.contains(String(Self.validBody.prefix(12))))
        }
    }
}
