extension ImageStore {
    /// The stored image `reference` names, or nil when it has not been pulled (or not wholly:
    /// a blob or an unpacked layer is missing). No network: a tag is looked up as last pulled.
    ///
    /// - Throws: `.damagedStore` when a stored manifest or configuration is unreadable.
    public func image(for reference: ImageReference) throws(ImageError) -> Image? {
        let recordedDigest = try reference.digest == nil ? references.read()[reference.canonical] : nil
        guard let digest = reference.digest ?? recordedDigest, blobs.contains(digest) else { return nil }
        var manifest = try storedManifest(digest)
        if case .index(let entries) = manifest.content {
            guard let entry = registry.platform.choose(from: entries), blobs.contains(entry.digest) else { return nil }
            manifest = try storedManifest(entry.digest)
        }
        guard case .image(let configurationDescriptor, let layerDescriptors) = manifest.content,
            blobs.contains(configurationDescriptor.digest),
            layerDescriptors.allSatisfy({ blobs.contains($0.digest) && layers.contains($0.digest) })
        else { return nil }
        let configuration = try storedConfiguration(configurationDescriptor.digest, of: reference)
        return Image(reference: reference, digest: digest, id: configurationDescriptor.digest, configuration: configuration, layers: layerDescriptors)
    }

    /// The stored manifest `digest`, decoded.
    private func storedManifest(_ digest: ImageDigest) throws(ImageError) -> ManifestDocument {
        let bytes = try blobs.read(digest, byteLimit: ManifestDocument.byteLimit)
        do {
            return try ManifestDocument(decoding: bytes, contentType: nil)
        } catch {
            throw .damagedStore(blobs.path(of: digest), reason: "\(error)")
        }
    }

    /// The stored configuration `digest`, decoded.
    func storedConfiguration(_ digest: ImageDigest, of reference: ImageReference) throws(ImageError) -> ImageConfiguration {
        let bytes = try blobs.read(digest, byteLimit: ImageConfiguration.byteLimit)
        do {
            return try ImageConfiguration(decoding: bytes)
        } catch {
            throw .malformedConfiguration(reference, digest, reason: "\(error)")
        }
    }
}
