/// What a registry says a reference names, without pulling it: the manifest (or index) the
/// reference resolves to and the platforms it has images for. The answer of Docker's
/// `GET /distribution/{name}/json`, which a manager asks before pinning a service to a digest.
public struct ImageDistribution: Sendable, Equatable {
    /// The manifest or index: media type, digest and size.
    public let descriptor: ContentDescriptor
    /// The platforms the reference has images for (one for a single-platform manifest).
    public let platforms: [ImagePlatform]
}
