/// Checks shared by the parsers of operator-typed credentials (`UnlockKey`, `JoinToken`): the
/// mistakes people make when copying a long token out of a terminal or a password manager.
enum CredentialText {
    /// One mistake found in the text, in terms both parsers turn into their own error.
    enum Mistake: Equatable {
        case empty
        case quoted
        case whitespace(position: Int)
    }

    /// The text without surrounding whitespace (a key file's trailing newline is not an error).
    static func trimmed(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.properties.isWhitespace }.map(scalars.index(after:)) ?? start
        return Substring(scalars[start..<max(start, end)])
    }

    /// The first mistake common to all credentials in `trimmed` text, if any.
    static func commonMistake(in trimmed: Substring) -> Mistake? {
        if trimmed.isEmpty { return .empty }
        if let first = trimmed.first, let last = trimmed.last, trimmed.count > 1,
            first == last, first == "\"" || first == "'"
        {
            return .quoted
        }
        if let offset = trimmed.unicodeScalars.firstIndex(where: \.properties.isWhitespace) {
            return .whitespace(position: trimmed.unicodeScalars.distance(from: trimmed.unicodeScalars.startIndex, to: offset) + 1)
        }
        return nil
    }

    /// The 1-based position of the first scalar in `text` not accepted by `isAllowed`.
    static func firstPosition(in text: Substring, where isRejected: (Unicode.Scalar) -> Bool) -> Int? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where isRejected(scalar) {
            return offset + 1
        }
        return nil
    }

    /// Whether `text` starts with `prefix` when case is ignored (ASCII prefixes only).
    static func hasPrefixIgnoringCase(_ text: Substring, _ prefix: String) -> Bool {
        text.uppercased().hasPrefix(prefix.uppercased())
    }
}
