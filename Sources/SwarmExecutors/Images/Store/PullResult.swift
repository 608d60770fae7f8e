/// What a pull gave: the image, and what it cost.
public struct PullResult: Sendable {
    public let image: Image
    public let report: PullReport
}

/// What a pull fetched and what it found already stored. A pull of an image the store holds
/// fetches no blob: by tag it asks for the manifest only, by digest nothing at all.
public struct PullReport: Sendable, Equatable {
    /// Manifests and indexes asked of the registry.
    public internal(set) var fetchedManifestCount = 0
    /// Configuration and layer blobs downloaded.
    public internal(set) var fetchedBlobCount = 0
    /// Their bytes, as stored (compressed).
    public internal(set) var fetchedBlobByteCount: Int64 = 0
    /// Configuration and layer blobs the store already held.
    public internal(set) var reusedBlobCount = 0

    mutating func fetched(_ blob: ContentDescriptor) {
        fetchedBlobCount += 1
        fetchedBlobByteCount += blob.size
    }
}
