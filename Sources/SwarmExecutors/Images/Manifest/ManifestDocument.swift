import Foundation

/// A manifest or index as a registry serves it, decoded and classified by its media type and shape.
struct ManifestDocument: Equatable {
    /// What the manifest describes.
    enum Content: Equatable {
        /// One platform's image: its configuration and its layers, lowest first.
        case image(configuration: ContentDescriptor, layers: [ContentDescriptor])
        /// A list of per-platform manifests.
        case index([ContentDescriptor])
    }

    let content: Content
    /// The manifest's media type: its JSON's own `mediaType`, else the `Content-Type` it came
    /// with, else the OCI type its shape says.
    let mediaType: String

    /// The largest manifest accepted (containerd's limit too).
    static let byteLimit = 4 << 20

    /// What a manifest's JSON may hold; which fields are present says what it is.
    private struct Shape: Decodable {
        var schemaVersion: Int?
        var mediaType: String?
        var config: ContentDescriptor?
        var layers: [ContentDescriptor]?
        var manifests: [ContentDescriptor]?
    }

    /// Decodes `bytes`, which came with the `Content-Type` `contentType` (nil when read from the store).
    ///
    /// - Throws: `ManifestProblem` saying what is unusable.
    init(decoding bytes: [UInt8], contentType: String?) throws(ManifestProblem) {
        let shape: Shape
        do {
            shape = try JSONDecoder().decode(Shape.self, from: Data(bytes))
        } catch {
            throw .malformed("\(error)")
        }
        let headerType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
        let declaredType = shape.mediaType ?? headerType.flatMap { $0.isEmpty ? nil : $0 }
        if shape.schemaVersion == 1 || declaredType?.hasPrefix(ManifestMediaType.dockerSchema1Prefix) == true {
            throw .schema1
        }
        if let declaredType, !ManifestMediaType.manifests.contains(declaredType), !ManifestMediaType.indexes.contains(declaredType) {
            throw .unsupportedMediaType(declaredType)
        }
        if let manifests = shape.manifests, declaredType.map(ManifestMediaType.indexes.contains) ?? true {
            content = .index(manifests)
            mediaType = declaredType ?? ManifestMediaType.ociIndex
        } else if let configuration = shape.config, let layers = shape.layers {
            content = .image(configuration: configuration, layers: layers)
            mediaType = declaredType ?? ManifestMediaType.ociManifest
        } else {
            throw .malformed("it has neither a config and layers nor a list of manifests")
        }
    }
}
