/// A manifest (or index) as a registry served it, verified: its bytes hash to `digest`, which
/// matched the digest pinned or announced for it.
struct FetchedManifest {
    /// The bytes as served, which the store keeps.
    let bytes: [UInt8]
    let document: ManifestDocument
    let digest: ImageDigest

    /// Media type, digest and size, as an index or Docker's distribution endpoint describes it.
    var descriptor: ContentDescriptor {
        ContentDescriptor(mediaType: document.mediaType, digest: digest, size: Int64(bytes.count))
    }
}
