import AsyncHTTPClient
public import Logging

/// A client of registries' HTTP API v2: resolves references to manifest digests and fetches
/// manifests and blobs, verifying every byte against its digest. Pulls anonymously, getting a
/// bearer token when a registry asks for one (Docker Hub does).
///
/// Every request is bounded: a connection within `Timeouts.connect`, an answer's head within
/// `Timeouts.response`, and no pause longer than `Timeouts.idleRead` while a body streams.
/// Redirects (registries send blobs to a CDN) are followed up to 5 times, without the token when
/// they leave the registry's origin. Owns an HTTP client, which `shutdown()` closes; one still
/// open when the client is released is closed then (a daemon that fails to start drops its
/// client without a chance to shut it down).
public final class RegistryClient: Sendable {
    /// How long each step of a request may take.
    public struct Timeouts: Sendable {
        /// Until a connection is established.
        public var connect: Duration
        /// Until the head of an answer arrives.
        public var response: Duration
        /// The longest pause between two pieces of a body.
        public var idleRead: Duration

        public init(connect: Duration = .seconds(10), response: Duration = .seconds(30), idleRead: Duration = .seconds(30)) {
            self.connect = connect
            self.response = response
            self.idleRead = idleRead
        }
    }

    /// Which registry serves which reference.
    public let endpoints: RegistryEndpoints
    /// The platform whose variant of a multi-platform image is pulled.
    public let platform: ImagePlatform
    let timeouts: Timeouts
    let httpClient: HTTPClient
    let tokens = BearerTokenCache()
    let logger: Logger

    public init(
        endpoints: RegistryEndpoints,
        platform: ImagePlatform = .host,
        timeouts: Timeouts = Timeouts(),
        logger: Logger = Logger(label: "swarmd.registry")
    ) {
        self.endpoints = endpoints
        self.platform = platform
        self.timeouts = timeouts
        self.logger = logger
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: timeouts.connect.timeAmount, read: timeouts.idleRead.timeAmount),
            // Blobs are hashed as sent: a transparently decompressed body would never match.
            decompression: .disabled
        )
        // A refused connection fails the request at once instead of being retried until the
        // response deadline, so that a registry that is down is reported as such.
        configuration.connectionPool.retryConnectionEstablishment = false
        httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration, backgroundActivityLogger: logger)
    }

    deinit {
        // AsyncHTTPClient traps on a client released open; closing one already closed throws.
        try? httpClient.syncShutdown()
    }

    /// Closes the client's connections; requests in flight fail.
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    /// What `reference` names in its registry, without pulling it: the digest, media type and
    /// size of its manifest (or index), and the platforms it has images for. A reference that
    /// pins a digest is checked against it.
    ///
    /// - Throws: `ImageError` naming the reference and the registry.
    public func resolveDigest(_ reference: ImageReference) async throws(ImageError) -> ImageDistribution {
        let manifest = try await fetchManifest(reference, at: reference.manifestReference, expecting: reference.digest)
        let platforms: [ImagePlatform]
        switch manifest.document.content {
        case .index(let entries):
            platforms = entries.compactMap(\.platform).filter(\.isKnown)
        case .image(let configuration, _):
            platforms = [try await fetchConfiguration(configuration, of: reference).configuration.platform]
        }
        return ImageDistribution(descriptor: manifest.descriptor, platforms: platforms)
    }
}
