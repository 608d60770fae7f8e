import SwarmExecutors
import Testing

@Suite("Registry endpoints: Docker Hub, its mirror, and registries named by references")
struct RegistryEndpointsTests {
    struct Route: Sendable, CustomTestStringConvertible {
        let reference: String
        let mirror: String?
        /// The endpoint's base URL.
        let endpoint: String
        /// The repository path asked of it.
        let repository: String

        var testDescription: String { "\(reference) with mirror \(mirror ?? "none")" }
    }

    static let routes: [Route] = [
        Route(reference: "busybox", mirror: nil, endpoint: "https://registry-1.docker.io", repository: "library/busybox"),
        Route(reference: "busybox", mirror: "http://127.0.0.1:5000", endpoint: "http://127.0.0.1:5000", repository: "library/busybox"),
        Route(reference: "docker.io/team/app", mirror: "https://mirror.example.com/", endpoint: "https://mirror.example.com", repository: "team/app"),
        Route(reference: "127.0.0.1:5055/busybox", mirror: "http://127.0.0.1:5000", endpoint: "http://127.0.0.1:5055", repository: "busybox"),
        Route(reference: "127.9.8.7:5055/busybox", mirror: nil, endpoint: "http://127.9.8.7:5055", repository: "busybox"),
        Route(reference: "localhost:5000/team/app", mirror: nil, endpoint: "http://localhost:5000", repository: "team/app"),
        Route(reference: "[::1]:5000/app", mirror: nil, endpoint: "http://[::1]:5000", repository: "app"),
        Route(reference: "registry.example.com/team/app", mirror: nil, endpoint: "https://registry.example.com", repository: "team/app"),
        Route(reference: "127.0.0.1.example.com:5000/app", mirror: nil, endpoint: "https://127.0.0.1.example.com:5000", repository: "app"),
    ]

    @Test("each reference goes to its registry, loopback ones over plain HTTP", arguments: routes)
    func sendsToItsRegistry(_ route: Route) throws {
        let endpoints = try RegistryEndpoints(mirror: route.mirror)
        let reference = try ImageReference(parsing: route.reference)
        #expect(endpoints.endpoint(for: reference).description == route.endpoint)
        #expect(reference.repository == route.repository)
    }

    @Test("a mirror that is not an http(s) URL of a host is refused", arguments: [
        "127.0.0.1:5000", "ftp://mirror.example.com", "http://", "http://mirror.example.com/v2", "https://mirror.example.com?x=1",
    ])
    func refusesMirror(_ mirror: String) {
        let error = #expect(throws: ImageError.self) { try RegistryEndpoints(mirror: mirror) }
        guard case .invalidMirror(let text, _) = error else {
            Issue.record("expected an invalid mirror, got \(String(describing: error))")
            return
        }
        #expect(text == mirror)
    }
}
