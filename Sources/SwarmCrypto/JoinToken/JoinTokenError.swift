/// What is wrong with a text given as a join token. Messages never repeat the text.
public enum JoinTokenError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The two base-36 fields of a token, as named in messages.
    public enum Field: String, Sendable {
        case digest = "root CA digest"
        case secret = "secret"
    }

    case empty
    case quoted
    case containsWhitespace(position: Int)
    case isUnlockKey
    case prefixNotUppercase
    case missingPrefix
    case fipsTokenUnsupported
    case unsupportedVersion
    case wrongFieldCount(Int)
    case upperCaseCharacter(field: Field, position: Int)
    case invalidCharacter(field: Field, position: Int)
    case wrongFieldLength(field: Field, characterCount: Int)
    case digestOutOfRange
    case secretOutOfRange

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
