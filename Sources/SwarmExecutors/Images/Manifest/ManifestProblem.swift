/// Why a manifest cannot be used.
public enum ManifestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not the JSON of a manifest.
    case malformed(String)
    /// Docker's schema 1, which swarmd does not pull.
    case schema1
    /// A media type that is neither a manifest nor an index swarmd knows.
    case unsupportedMediaType(String)

    public var description: String {
        switch self {
        case .malformed(let reason):
            "its manifest is malformed (\(reason))"
        case .schema1:
            "it has a schema 1 manifest, which swarmd does not pull; push it again with a current docker or skopeo"
        case .unsupportedMediaType(let mediaType):
            "its manifest has the media type \(mediaType), which swarmd does not know"
        }
    }
}
