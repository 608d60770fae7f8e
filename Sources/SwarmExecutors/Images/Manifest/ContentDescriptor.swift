/// A reference to content by digest, as manifests and indexes write it: what a registry serves
/// at `/v2/NAME/blobs/DIGEST` (or `/manifests/DIGEST`), its size and its media type.
public struct ContentDescriptor: Hashable, Sendable, Codable {
    /// The content's media type, e.g. `application/vnd.oci.image.layer.v1.tar+gzip`.
    public var mediaType: String
    /// The digest of the content's bytes.
    public var digest: ImageDigest
    /// The content's length in bytes.
    public var size: Int64
    /// The platform an index entry is for (only index entries have one).
    public var platform: ImagePlatform?

    public init(mediaType: String, digest: ImageDigest, size: Int64, platform: ImagePlatform? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.platform = platform
    }
}
