/// Checks shared by the parsers of operator-typed credentials (`UnlockKey`, `JoinToken`): the
/// mistakes people make when copying a long token out of a terminal or a password manager.
enum CredentialText {
    /// A mistake any credential text can have; each parser maps it to its own error.
    enum Mistake: Equatable {
        case empty
        case quoted
        case whitespace(position: Int)
        /// The text is the other kind of credential (a join token given as unlock key, or back).
        case otherCredential
        case prefixNotUppercase
        case missingPrefix
    }

    /// The text without surrounding whitespace (a key file's trailing newline is not an error).
    static func trimmed(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.properties.isWhitespace }.map(scalars.index(after:)) ?? start
        return Substring(scalars[start..<max(start, end)])
    }

    /// The first mistake in `trimmed` text that should start with `prefix` (e.g. `SWMKEY-`)
    /// and might instead be the credential that starts with `otherPrefix`, or nil.
    static func firstMistake(in trimmed: Substring, prefix: String, otherPrefix: String) -> Mistake? {
        if trimmed.isEmpty { return .empty }
        if let first = trimmed.first, let last = trimmed.last, trimmed.count > 1,
            first == last, first == "\"" || first == "'"
        {
            return .quoted
        }
        if let position = firstPosition(in: trimmed, where: \.properties.isWhitespace) {
            return .whitespace(position: position)
        }
        if hasPrefixIgnoringCase(trimmed, otherPrefix) { return .otherCredential }
        if !trimmed.hasPrefix(prefix) {
            return hasPrefixIgnoringCase(trimmed, prefix) ? .prefixNotUppercase : .missingPrefix
        }
        return nil
    }

    /// The 1-based position of the first scalar in `text` for which `isRejected` holds.
    static func firstPosition(in text: Substring, where isRejected: (Unicode.Scalar) -> Bool) -> Int? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where isRejected(scalar) {
            return offset + 1
        }
        return nil
    }

    /// Compares only the prefix: upper-casing the whole text would copy a secret.
    private static func hasPrefixIgnoringCase(_ text: Substring, _ prefix: String) -> Bool {
        text.prefix(prefix.count).uppercased() == prefix.uppercased()
    }
}
