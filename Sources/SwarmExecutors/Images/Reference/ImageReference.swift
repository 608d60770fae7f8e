/// A Docker image reference, parsed and normalised as the docker CLI does: `busybox` is
/// `docker.io/library/busybox:latest`, `127.0.0.1:5055/busybox` names the registry at that address,
/// and `busybox@sha256:…` pins a manifest by its digest.
///
/// `description` is Docker's familiar form (`busybox:latest`), for messages; `canonical` is the
/// full form (`docker.io/library/busybox:latest`), for keys.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// Docker Hub's domain, the default.
    public static let dockerHubDomain = "docker.io"
    /// The tag a reference without tag or digest gets.
    public static let defaultTag = "latest"

    /// The registry's domain, with its port if any: `docker.io`, `127.0.0.1:5055`.
    public let domain: String
    /// The repository's path inside the registry: `library/busybox`, `myteam/app`.
    public let repository: String
    /// The tag; nil when the reference names only a digest.
    public let tag: String?
    /// The manifest digest the reference pins, if any.
    public let digest: ImageDigest?

    /// Parses `text` as Docker does.
    ///
    /// - Throws: `ImageError.invalidReference` naming `text` and what is wrong with it.
    public init(parsing text: String) throws(ImageError) {
        do {
            self = try Self.parse(text)
        } catch {
            throw .invalidReference(text, error)
        }
    }

    init(domain: String, repository: String, tag: String?, digest: ImageDigest?) {
        self.domain = domain
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// What to ask the registry's manifest endpoint for: the digest when pinned, else the tag.
    var manifestReference: String {
        digest?.description ?? tag ?? Self.defaultTag
    }

    /// The full form: `docker.io/library/busybox:latest`, `127.0.0.1:5055/busybox@sha256:…`.
    public var canonical: String {
        "\(domain)/\(repository)" + suffix
    }

    /// Docker's familiar form: `busybox:latest`, `myteam/app@sha256:…`, `127.0.0.1:5055/busybox:latest`.
    public var description: String {
        guard domain == Self.dockerHubDomain else { return canonical }
        let officialPrefix = "library/"
        let name = repository.hasPrefix(officialPrefix) && !repository.dropFirst(officialPrefix.count).contains("/")
            ? String(repository.dropFirst(officialPrefix.count)) : repository
        return name + suffix
    }

    private var suffix: String {
        (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0.description } ?? "")
    }
}
