/// What is wrong with a text given as a join token. Messages never repeat the text.
public enum JoinTokenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The two base-36 fields of a token, as named in messages.
    public enum Field: String, Sendable {
        case digest = "root CA digest"
        case secret = "secret"
    }

    /// Nothing but whitespace was given.
    case empty
    /// The token is wrapped in quotes.
    case quoted
    /// Whitespace inside the token, at a 1-based character position.
    case containsWhitespace(position: Int)
    /// An unlock key (`SWMKEY-…`) was given instead.
    case isUnlockKey
    /// `swmtkn-` in lower case.
    case prefixNotUppercase
    /// The text does not start with `SWMTKN-`.
    case missingPrefix
    /// A FIPS-mode token (`SWMTKN-2-…`).
    case fipsTokenUnsupported
    /// A version other than 1 or 2.
    case unsupportedVersion
    /// Not four `-`-separated fields.
    case wrongFieldCount(Int)
    /// An upper-case letter in a field, at a 1-based position in that field.
    case upperCaseCharacter(field: Field, position: Int)
    /// A character that is not a base-36 digit, at a 1-based position in that field.
    case invalidCharacter(field: Field, position: Int)
    /// A field of the wrong length.
    case wrongFieldLength(field: Field, characterCount: Int)
    /// The digest field's value does not fit 32 bytes.
    case digestOutOfRange
    /// The secret field's value does not fit 16 bytes.
    case secretOutOfRange

    /// The error for a mistake every credential can have.
    init(_ mistake: CredentialText.Mistake) {
        switch mistake {
        case .empty: self = .empty
        case .quoted: self = .quoted
        case .whitespace(let position): self = .containsWhitespace(position: position)
        case .otherCredential: self = .isUnlockKey
        case .prefixNotUppercase: self = .prefixNotUppercase
        case .missingPrefix: self = .missingPrefix
        }
    }

    public var description: String {
        "invalid join token: " + problem + "; " + remedy
    }

    private var problem: String {
        switch self {
        case .empty:
            "it is empty"
        case .quoted:
            "it is wrapped in quotes"
        case .containsWhitespace(let position):
            "it contains whitespace at character \(position) (tokens are one unbroken word)"
        case .isUnlockKey:
            "this is an unlock key (SWMKEY-…), not a join token (SWMTKN-1-…)"
        case .prefixNotUppercase:
            "the SWMTKN prefix must be upper case"
        case .missingPrefix:
            "it does not start with \(JoinToken.prefix)"
        case .fipsTokenUnsupported:
            "it is a FIPS-mode token (SWMTKN-2-…), which swarmd does not support"
        case .unsupportedVersion:
            "its version is not 1 (expected \(JoinToken.prefix)…)"
        case .wrongFieldCount(let count):
            "it has \(count) fields separated by '-', not 4 (SWMTKN, 1, root CA digest, secret)"
        case .upperCaseCharacter(let field, let position):
            "character \(position) of the \(field.rawValue) is upper case; tokens are lower case"
        case .invalidCharacter(let field, let position):
            "character \(position) of the \(field.rawValue) is not a base-36 digit (0–9, a–z)"
        case .wrongFieldLength(let field, let count):
            "the \(field.rawValue) has \(count) characters, not "
                + "\(field == .digest ? JoinToken.digestTextLength : JoinToken.secretTextLength)"
        case .digestOutOfRange:
            "the root CA digest is larger than any SHA-256 value (the token was altered)"
        case .secretOutOfRange:
            "the secret is larger than any 16-byte value (the token was altered)"
        }
    }

    private var remedy: String {
        switch self {
        case .isUnlockKey:
            "use the token printed by 'docker swarm join-token worker' or 'join-token manager'"
        case .quoted, .containsWhitespace:
            "remove the extra characters and try again"
        case .fipsTokenUnsupported, .unsupportedVersion:
            "get a token from a swarmd manager with 'docker swarm join-token worker'"
        default:
            "copy the whole token again from 'docker swarm join-token worker' (or 'manager') on a manager"
        }
    }
}
