/// A pulled image, as a task runs it: what its reference resolved to, how its process starts,
/// and its layers, lowest first. The store holds every blob it names.
public struct Image: Sendable, Equatable {
    /// The reference it was pulled or looked up by.
    public let reference: ImageReference
    /// The manifest (or, for a multi-platform image, the index) the reference resolved to:
    /// what a service pins, `name@digest`.
    public let digest: ImageDigest
    /// The configuration's digest: Docker's image ID.
    public let id: ImageDigest
    /// The process defaults and platform from the image configuration.
    public let configuration: ImageConfiguration
    /// The layers, lowest first, each a blob in the store and unpacked once.
    public let layers: [ContentDescriptor]
}
