/// What is wrong with a text given as an unlock key. Messages never repeat the text: a near-miss
/// is still most of a secret.
public enum UnlockKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing but whitespace was given.
    case empty
    /// The key is wrapped in quotes.
    case quoted
    /// Whitespace inside the key, at a 1-based character position.
    case containsWhitespace(position: Int)
    /// A join token (`SWMTKN-…`) was given instead.
    case isJoinToken
    /// `swmkey-` in lower case.
    case prefixNotUppercase
    /// The text does not start with `SWMKEY-`.
    case missingPrefix
    /// `SWMKEY-` is followed by no version.
    case missingVersion
    /// A version other than 1.
    case unsupportedVersion(String)
    /// Base64 `=` padding at the end.
    case hasPadding
    /// A `-` or `_` from the URL-safe base64 alphabet, at a position after the prefix.
    case urlSafeCharacter(position: Int)
    /// A character outside standard base64, at a position after the prefix.
    case invalidCharacter(position: Int)
    /// Not 43 characters after the prefix.
    case wrongLength(characterCount: Int)
    /// The last character sets bits that no 32-byte key has.
    case nonCanonicalEncoding

    /// The error for a mistake every credential can have.
    init(_ mistake: CredentialText.Mistake) {
        switch mistake {
        case .empty: self = .empty
        case .quoted: self = .quoted
        case .whitespace(let position): self = .containsWhitespace(position: position)
        case .otherCredential: self = .isJoinToken
        case .prefixNotUppercase: self = .prefixNotUppercase
        case .missingPrefix: self = .missingPrefix
        }
    }

    public var description: String {
        "invalid unlock key: " + problem + "; " + remedy
    }

    private var problem: String {
        switch self {
        case .empty:
            "it is empty"
        case .quoted:
            "it is wrapped in quotes"
        case .containsWhitespace(let position):
            "it contains whitespace at character \(position) (keys are one unbroken word)"
        case .isJoinToken:
            "this is a join token (SWMTKN-…), not an unlock key (SWMKEY-1-…)"
        case .prefixNotUppercase:
            "the SWMKEY prefix must be upper case"
        case .missingPrefix:
            "it does not start with \(UnlockKey.prefix)"
        case .missingVersion:
            "the version after SWMKEY- is missing (expected \(UnlockKey.prefix)…)"
        case .unsupportedVersion(let version):
            "key format version \(version) is not supported (this swarmd reads version 1)"
        case .hasPadding:
            "it ends with '=' padding, which Docker unlock keys never have"
        case .urlSafeCharacter(let position):
            "character \(position) after \(UnlockKey.prefix) is from the URL-safe base64 alphabet ('-' or '_'), "
                + "not the standard one ('+' and '/')"
        case .invalidCharacter(let position):
            "character \(position) after \(UnlockKey.prefix) is not base64 (A–Z, a–z, 0–9, '+', '/')"
        case .wrongLength(let characterCount):
            "it has \(characterCount) characters after \(UnlockKey.prefix), not \(UnlockKey.encodedKeyLength)"
        case .nonCanonicalEncoding:
            "its last character does not encode a 32-byte key (the key was altered)"
        }
    }

    private var remedy: String {
        switch self {
        case .isJoinToken:
            "use the key printed by 'swarm init --autolock' or 'swarm unlock-key'"
        case .quoted, .containsWhitespace, .hasPadding:
            "remove the extra characters and try again"
        case .unsupportedVersion:
            "upgrade swarmd or use a key from this cluster"
        default:
            "copy the whole key again from where you stored it, as printed by 'swarm unlock-key'"
        }
    }
}
