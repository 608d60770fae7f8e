/// Docker's `DistributionInspect`: the manifest a reference resolves to and its platforms.
public struct ImageDistributionJSON: Encodable, Sendable {
    /// The manifest's (or index's) descriptor.
    public struct DescriptorJSON: Encodable, Sendable {
        let mediaType: String
        let digest: String
        let size: Int64
    }

    /// A platform the image is built for.
    public struct PlatformJSON: Encodable, Sendable {
        let architecture: String
        let os: String
        let variant: String?
    }

    let Descriptor: DescriptorJSON
    let Platforms: [PlatformJSON]

    public init(mediaType: String, digest: String, size: Int64, platforms: [(os: String, architecture: String, variant: String?)]) {
        Descriptor = DescriptorJSON(mediaType: mediaType, digest: digest, size: size)
        Platforms = platforms.map { PlatformJSON(architecture: $0.architecture, os: $0.os, variant: $0.variant) }
    }
}
