/// The manifest media types swarmd pulls: Docker's schema 2 and OCI's, each as a single-platform
/// manifest or a multi-platform list.
enum ManifestMediaType {
    static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    static let ociIndex = "application/vnd.oci.image.index.v1+json"
    /// Docker's schema 1, which a registry sends when the client accepts nothing newer.
    static let dockerSchema1Prefix = "application/vnd.docker.distribution.manifest.v1"

    static let manifests: Set<String> = [dockerManifest, ociManifest]
    static let indexes: Set<String> = [dockerManifestList, ociIndex]

    /// The `Accept` header of a manifest request: without it a registry converts to schema 1.
    static let acceptHeader = [dockerManifest, dockerManifestList, ociManifest, ociIndex].joined(separator: ", ")
}
