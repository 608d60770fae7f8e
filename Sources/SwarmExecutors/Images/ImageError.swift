public import SwarmFileSystem
public import SystemPackage

/// Why an image could not be resolved, pulled, stored or unpacked. Every case names the image
/// (and the registry, blob or layer concerned); every message says what to do.
public enum ImageError: Error, Sendable, CustomStringConvertible {
    /// The text is not an image reference.
    case invalidReference(String, ImageReferenceProblem)
    /// The registry mirror setting is not a usable URL.
    case invalidMirror(String, reason: String)
    /// The registry could not be reached, or stopped answering (`reason` says which).
    case registryUnreachable(RegistryEndpoint, reason: String)
    /// The registry has no manifest for the reference; `detail` is its own message.
    case imageNotFound(ImageReference, registry: RegistryEndpoint, detail: String)
    /// The registry answered with an error status; `detail` is its own message.
    case registryRefused(ImageReference, registry: RegistryEndpoint, status: Int, detail: String)
    /// The registry asks for credentials swarmd does not have (a login, not an anonymous token).
    case authenticationRequired(ImageReference, registry: RegistryEndpoint, scheme: String)
    /// The anonymous token could not be had, or was not accepted.
    case authenticationFailed(ImageReference, registry: RegistryEndpoint, reason: String)
    /// The manifest cannot be used (malformed, schema 1, unknown media type).
    case unusableManifest(ImageReference, ManifestProblem)
    /// The manifest's bytes do not hash to the digest pinned or announced for it.
    case damagedManifest(ImageReference, registry: RegistryEndpoint, expected: ImageDigest, actual: ImageDigest)
    /// The image has no variant for this node's platform.
    case noMatchingPlatform(ImageReference, wanted: ImagePlatform, available: [ImagePlatform])
    /// A blob (configuration or layer) is missing from the registry or does not match its manifest.
    case damagedBlob(ImageReference, BlobKind, ImageDigest, registry: RegistryEndpoint, BlobDamage)
    /// The image configuration is not the JSON of one.
    case malformedConfiguration(ImageReference, ImageDigest, reason: String)
    /// A layer was refused or could not be unpacked; nothing of it was kept.
    case unusableLayer(ImageReference, layer: ImageDigest, LayerExtractionError)
    /// A file of the image store is unreadable; `reason` says how.
    case damagedStore(FilePath, reason: String)
    /// Something is already where a root filesystem was to be created.
    case rootFilesystemExists(FilePath)
    /// The operating system refused a file operation of the store.
    case fileSystem(FileSystemError)
    /// The pull was cancelled.
    case cancelled(ImageReference)

    /// Which kind of blob an error concerns.
    public enum BlobKind: String, Sendable {
        case configuration
        case layer
    }

    /// How a blob the registry served differs from what its manifest says.
    public enum BlobDamage: Sendable, Equatable {
        /// Its bytes hash to another digest.
        case digestMismatch(actual: ImageDigest)
        /// It has another length.
        case sizeMismatch(receivedByteCount: Int64, expectedByteCount: Int64)
        /// The registry does not have it.
        case missing(detail: String)
    }

    public var description: String {
        switch self {
        case .invalidReference(let text, let problem):
            "invalid image reference '\(text)': \(problem)"
        case .invalidMirror(let mirror, let reason):
            "invalid registry mirror '\(mirror)': \(reason); give one like http://127.0.0.1:5000 or https://mirror.example.com"
        case .registryUnreachable(let registry, let reason):
            "registry \(registry.authority) unreachable: \(reason); check that it runs and that this node can reach it"
        case .imageNotFound(let reference, let registry, let detail):
            "image \(reference) not found in registry \(registry) (\(detail)); check the name and tag, and that the image was pushed there"
        case .registryRefused(let reference, let registry, let status, let detail):
            "registry \(registry) refused \(reference) with status \(status) (\(detail)); check the registry's log and its access rules"
        case .authenticationRequired(let reference, let registry, let scheme):
            "registry \(registry) wants a login (\(scheme)) for \(reference); swarmd pulls anonymously, so make the repository public or use a mirror"
        case .authenticationFailed(let reference, let registry, let reason):
            "registry \(registry) did not let swarmd pull \(reference) anonymously: \(reason); make the repository public or use a mirror"
        case .unusableManifest(let reference, let problem):
            "image \(reference) cannot be pulled: \(problem)"
        case .damagedManifest(let reference, let registry, let expected, let actual):
            "the manifest of \(reference) from registry \(registry) is damaged: it hashes to \(actual) (expected \(expected)); the registry serves a corrupt manifest: push the image to it again"
        case .noMatchingPlatform(let reference, let wanted, let available):
            "image \(reference) has no variant for this node's platform \(wanted) (it has \(available.map(\.description).joined(separator: ", "))); build it for \(wanted) or run the service on matching nodes"
        case .damagedBlob(let reference, let kind, let digest, let registry, let damage):
            Self.describe(damage, of: "\(kind.rawValue) \(digest) of \(reference)", registry: registry, digest: digest)
        case .malformedConfiguration(let reference, let digest, let reason):
            "the configuration \(digest) of \(reference) is not an image configuration (\(reason)); rebuild and push the image"
        case .unusableLayer(let reference, let layer, let error):
            "layer \(layer) of \(reference) \(error.problemDescription)"
        case .damagedStore(let path, let reason):
            "the image store's file \(path) is damaged (\(reason)); remove it and pull the images again"
        case .rootFilesystemExists(let path):
            "cannot create a root filesystem at \(path): something is already there; remove it or choose another path"
        case .fileSystem(let error):
            "image store: \(error)"
        case .cancelled(let reference):
            "the pull of \(reference) was cancelled"
        }
    }

    private static func describe(_ damage: BlobDamage, of subject: String, registry: RegistryEndpoint, digest: ImageDigest) -> String {
        switch damage {
        case .digestMismatch(let actual):
            "\(subject) is damaged: its content hashes to \(actual) (expected \(digest)); the registry \(registry) serves a corrupt blob: push the image to it again"
        case .sizeMismatch(let received, let expected):
            "\(subject) is damaged: the registry \(registry) sent \(received) bytes where the manifest says \(expected); push the image to it again"
        case .missing(let detail):
            "\(subject) is missing from the registry \(registry) (\(detail)); push the image to it again"
        }
    }
}

/// Runs a file-system call, as an `ImageError`.
func fileSystem<Result>(_ body: @autoclosure () throws(FileSystemError) -> Result) throws(ImageError) -> Result {
    do {
        return try body()
    } catch {
        throw .fileSystem(error)
    }
}
