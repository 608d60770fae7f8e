import Foundation

/// Which registry serves a reference: Docker Hub's references (`docker.io/…`) go to the mirror
/// when one is set (`swarmd --registry-mirror`), else to `registry-1.docker.io`; a reference that
/// names another registry goes to that registry.
///
/// Through a mirror the repository path stays Docker Hub's (`library/busybox`), as Docker's
/// registry mirrors serve it. There is no fallback from the mirror to Docker Hub: a node given a
/// mirror is often one that cannot reach the internet, where a fallback would only add a timeout.
public struct RegistryEndpoints: Sendable {
    /// Docker Hub's registry API.
    public static let dockerHub = RegistryEndpoint(scheme: .https, host: "registry-1.docker.io", port: nil)

    /// Where Docker Hub's references are pulled from: the mirror, or Docker Hub.
    public let dockerHubEndpoint: RegistryEndpoint

    /// Endpoints pulling Docker Hub's references through `mirror` (`http://127.0.0.1:5000`,
    /// `https://mirror.example.com`), or straight from Docker Hub when it is nil.
    ///
    /// - Throws: `ImageError.invalidMirror` when `mirror` is not an http(s) URL of a host, with
    ///   an optional port and nothing after it.
    public init(mirror: String? = nil) throws(ImageError) {
        guard let mirror else {
            dockerHubEndpoint = Self.dockerHub
            return
        }
        guard let components = URLComponents(string: mirror),
            let scheme = components.scheme.flatMap(RegistryEndpoint.Scheme.init(rawValue:)),
            let host = components.host, !host.isEmpty
        else {
            throw .invalidMirror(mirror, reason: "it is not an http:// or https:// URL with a host")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil else {
            throw .invalidMirror(mirror, reason: "a mirror URL has no path, query or fragment")
        }
        let bracketedHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        dockerHubEndpoint = RegistryEndpoint(scheme: scheme, host: bracketedHost, port: components.port)
    }

    /// The registry that serves `reference`.
    public func endpoint(for reference: ImageReference) -> RegistryEndpoint {
        reference.domain == ImageReference.dockerHubDomain ? dockerHubEndpoint : RegistryEndpoint(domain: reference.domain)
    }
}
