/// The textual checks of a join token, one per mistake, in the order that gives the most useful
/// message.
enum JoinTokenText {
    /// The two base-36 fields of a well-formed token.
    struct Parts {
        let digest: Substring
        let secret: Substring
    }

    /// Returns the digest and secret fields, or throws what is wrong with `text`.
    static func validatedParts(of text: String) throws(JoinTokenError) -> Parts {
        let trimmed = CredentialText.trimmed(text)
        if let mistake = CredentialText.firstMistake(in: trimmed, prefix: "SWMTKN-", otherPrefix: "SWMKEY-") {
            throw JoinTokenError(mistake)
        }
        let fields = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        switch fields[1] {
        case "1": break
        case "2": throw .fipsTokenUnsupported
        default: throw .unsupportedVersion
        }
        guard fields.count == 4 else {
            throw .wrongFieldCount(fields.count)
        }
        let digest = fields[2]
        let secret = fields[3]
        try check(digest, as: .digest, length: JoinToken.digestTextLength)
        try check(secret, as: .secret, length: JoinToken.secretTextLength)
        return Parts(digest: digest, secret: secret)
    }

    private static func check(_ field: Substring, as name: JoinTokenError.Field, length: Int) throws(JoinTokenError) {
        if let position = CredentialText.firstPosition(in: field, where: { "A"..."Z" ~= $0 }) {
            throw .upperCaseCharacter(field: name, position: position)
        }
        if let position = CredentialText.firstPosition(in: field, where: { Base36.digitValue($0) == nil }) {
            throw .invalidCharacter(field: name, position: position)
        }
        guard field.unicodeScalars.count == length else {
            throw .wrongFieldLength(field: name, characterCount: field.unicodeScalars.count)
        }
    }
}
