/// The textual checks of an unlock key, one per mistake, in the order that gives the most useful
/// message (a join token pasted by mistake is reported as such, not as a bad character).
enum UnlockKeyText {
    /// Returns the 43 base64 characters after `SWMKEY-1-`, or throws what is wrong with `text`.
    static func validatedBody(of text: String) throws(UnlockKeyError) -> Substring {
        let trimmed = CredentialText.trimmed(text)
        if let mistake = CredentialText.firstMistake(in: trimmed, prefix: "SWMKEY-", otherPrefix: "SWMTKN-") {
            throw UnlockKeyError(mistake)
        }
        guard trimmed.hasPrefix(UnlockKey.prefix) else {
            throw versionError(after: trimmed.dropFirst("SWMKEY-".count))
        }
        let body = trimmed.dropFirst(UnlockKey.prefix.count)
        if body.hasSuffix("=") {
            throw .hasPadding
        }
        if let position = CredentialText.firstPosition(in: body, where: { $0 == "-" || $0 == "_" }) {
            throw .urlSafeCharacter(position: position)
        }
        if let position = CredentialText.firstPosition(in: body, where: { !isBase64($0) }) {
            throw .invalidCharacter(position: position)
        }
        guard body.unicodeScalars.count == UnlockKey.encodedKeyLength else {
            throw .wrongLength(characterCount: body.unicodeScalars.count)
        }
        return body
    }

    /// `SWMKEY-2-…` names a version; `SWMKEY-<key>` has none (base64 never contains `-`).
    private static func versionError(after prefix: Substring) -> UnlockKeyError {
        guard let dash = prefix.firstIndex(of: "-") else { return .missingVersion }
        let version = prefix[..<dash]
        guard !version.isEmpty, version.count <= 3, version.allSatisfy(\.isASCII), version.allSatisfy(\.isNumber) else {
            return .missingVersion
        }
        return .unsupportedVersion(String(version))
    }

    private static func isBase64(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "+", "/": true
        default: false
        }
    }
}
