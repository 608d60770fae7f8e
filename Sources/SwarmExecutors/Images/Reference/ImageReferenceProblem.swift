/// What makes a text not an image reference, as Docker's reference grammar defines one.
public enum ImageReferenceProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing was given.
    case empty
    /// A tag or digest with no repository name before it.
    case missingName
    /// The repository path has an uppercase letter (Docker requires lowercase).
    case uppercaseRepository(String)
    /// A path component is not lowercase letters and digits joined by `.`, `_`, `__` or dashes.
    case invalidPathComponent(String)
    /// The registry part is not `host[:port]`.
    case invalidDomain(String)
    /// The tag is not 1–128 letters, digits, `_`, `.` or `-`, starting with a letter, digit or `_`.
    case invalidTag(String)
    /// The part after `@` is not `sha256:` and 64 lowercase hex digits.
    case invalidDigest(String)
    /// The name is longer than Docker allows.
    case nameTooLong(byteLimit: Int)
    /// The name is 64 hex digits, which Docker reserves for image IDs.
    case hexadecimalName

    public var description: String {
        switch self {
        case .empty:
            "the reference is empty"
        case .missingName:
            "the reference has no repository name"
        case .uppercaseRepository(let repository):
            "the repository name (\(repository)) must be lowercase"
        case .invalidPathComponent(let component):
            "'\(component)' is not a valid repository path component (lowercase letters and digits, separated by '.', '_', '__' or '-')"
        case .invalidDomain(let domain):
            "'\(domain)' is not a valid registry address (host or host:port)"
        case .invalidTag(let tag):
            "'\(tag)' is not a valid tag (up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-')"
        case .invalidDigest(let digest):
            "'\(digest)' is not a valid digest (sha256: followed by 64 lowercase hex digits)"
        case .nameTooLong(let byteLimit):
            "the repository name is longer than \(byteLimit) characters"
        case .hexadecimalName:
            "a 64-digit hexadecimal name is an image ID, not a repository name"
        }
    }
}
