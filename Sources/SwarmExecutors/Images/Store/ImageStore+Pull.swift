import Logging

extension ImageStore {
    /// Pulls `reference` into the store: resolves it to a manifest (this node's entry of a
    /// multi-platform index), then fetches the configuration and every layer not yet stored,
    /// verifying each against its digest, and unpacks each new layer once. The reference is
    /// recorded last, once everything its image needs is stored.
    ///
    /// An image already stored costs no blob download: a tag is resolved again (one manifest
    /// request, as a tag may have moved), a digest the store holds is not asked for at all.
    ///
    /// A registry that cannot be reached, or stops answering, is asked again (up to
    /// `pullAttempts` times, a second more between attempts, as Docker retries downloads); what
    /// an attempt stored is not fetched again.
    ///
    /// A pull of a reference already being pulled waits for that pull and shares its outcome;
    /// its report is empty, as it fetched nothing itself.
    ///
    /// - Throws: `ImageError` naming the image and what failed. A layer that fails verification
    ///   or is refused leaves nothing of itself in the store.
    public func pull(_ reference: ImageReference) async throws(ImageError) -> PullResult {
        if let underway = pullsUnderway[reference] {
            let joined = try await underway.value.get()
            return PullResult(image: joined.image, report: PullReport())
        }
        let pulling = Task { () async -> Result<PullResult, ImageError> in
            do throws(ImageError) {
                return .success(try await self.pullWithRetries(reference))
            } catch {
                return .failure(error)
            }
        }
        pullsUnderway[reference] = pulling
        let outcome = await pulling.value
        pullsUnderway[reference] = nil
        return try outcome.get()
    }

    /// One pull, asked again while the registry cannot be reached.
    private func pullWithRetries(_ reference: ImageReference) async throws(ImageError) -> PullResult {
        var attempt = 1
        while true {
            do {
                return try await pullOnce(reference)
            } catch .registryUnreachable(let registry, let reason) where attempt < Self.pullAttempts {
                logger.info(
                    "registry unreachable; pulling again",
                    metadata: ["image.reference": "\(reference)", "registry": "\(registry)", "reason": "\(reason)", "attempt": "\(attempt)"]
                )
                try? await Task.sleep(for: .seconds(attempt))
                attempt += 1
            }
        }
    }

    /// Attempts at a pull whose registry cannot be reached.
    static let pullAttempts = 3

    private func pullOnce(_ reference: ImageReference) async throws(ImageError) -> PullResult {
        var report = PullReport()
        if reference.digest != nil, let image = try image(for: reference) {
            return PullResult(image: image, report: report)
        }
        let top = try await registry.fetchManifest(reference, at: reference.manifestReference, expecting: reference.digest)
        report.fetchedManifestCount += 1
        var platformManifest = top
        if case .index(let entries) = top.document.content {
            guard let entry = registry.platform.choose(from: entries) else {
                throw .noMatchingPlatform(reference, wanted: registry.platform, available: entries.compactMap(\.platform).filter(\.isKnown))
            }
            platformManifest = try await registry.fetchManifest(reference, at: entry.digest.description, expecting: entry.digest)
            report.fetchedManifestCount += 1
        }
        guard case .image(let configurationDescriptor, let layerDescriptors) = platformManifest.document.content else {
            throw .unusableManifest(reference, .malformed("its entry for \(registry.platform) is an index, not an image manifest"))
        }
        let configuration = try await storeConfiguration(configurationDescriptor, of: reference, report: &report)
        guard registry.platform.runs(configuration.platform) else {
            throw .noMatchingPlatform(reference, wanted: registry.platform, available: [configuration.platform])
        }
        for layer in layerDescriptors {
            try await storeLayer(layer, of: reference, report: &report)
        }
        for manifest in [top, platformManifest] where !blobs.contains(manifest.digest) {
            try blobs.add(manifest.bytes, as: manifest.digest)
        }
        try references.record(reference, digest: top.digest)
        logger.debug(
            "pulled image",
            metadata: [
                "image.reference": "\(reference)", "image.digest": "\(top.digest)",
                "pull.fetched_blobs": "\(report.fetchedBlobCount)", "pull.fetched_bytes": "\(report.fetchedBlobByteCount)",
            ]
        )
        let image = Image(reference: reference, digest: top.digest, id: configurationDescriptor.digest, configuration: configuration, layers: layerDescriptors)
        return PullResult(image: image, report: report)
    }

    /// The image configuration `descriptor`, from the store or fetched into it.
    private func storeConfiguration(
        _ descriptor: ContentDescriptor, of reference: ImageReference, report: inout PullReport
    ) async throws(ImageError) -> ImageConfiguration {
        if blobs.contains(descriptor.digest) {
            report.reusedBlobCount += 1
            return try storedConfiguration(descriptor.digest, of: reference)
        }
        let fetched = try await registry.fetchConfiguration(descriptor, of: reference)
        try blobs.add(fetched.bytes, as: descriptor.digest)
        report.fetched(descriptor)
        return fetched.configuration
    }

    /// Downloads the layer `descriptor` unless stored, and unpacks it unless unpacked.
    private func storeLayer(_ descriptor: ContentDescriptor, of reference: ImageReference, report: inout PullReport) async throws(ImageError) {
        if blobs.contains(descriptor.digest) {
            report.reusedBlobCount += 1
        } else {
            let temporary = try blobs.makeTemporaryFile()
            do {
                try await registry.downloadLayer(descriptor, of: reference, into: temporary.descriptor, path: temporary.path)
            } catch {
                blobs.discard(temporary)
                throw error
            }
            try blobs.publish(temporary, as: descriptor.digest)
            report.fetched(descriptor)
        }
        guard !layers.contains(descriptor.digest) else { return }
        do {
            let extraction = try layers.unpack(blobs.path(of: descriptor.digest), as: descriptor.digest)
            if extraction.skippedSpecialFileCount > 0 {
                logger.debug(
                    "skipped device, FIFO and socket entries of a layer",
                    metadata: [
                        "image.reference": "\(reference)", "layer.digest": "\(descriptor.digest)",
                        "layer.skipped_count": "\(extraction.skippedSpecialFileCount)",
                        "layer.skipped": "\(extraction.skippedSpecialFiles.joined(separator: " "))",
                    ]
                )
            }
        } catch {
            // A layer refused now is refused every time: keep nothing of it.
            blobs.remove(descriptor.digest)
            throw .unusableLayer(reference, layer: descriptor.digest, error)
        }
    }
}
