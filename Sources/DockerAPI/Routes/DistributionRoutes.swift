import Foundation
import Hummingbird

/// `GET /distribution/{name}/json`: what a registry says an image reference names (names hold
/// slashes and a registry's `host:port`, so the path is taken apart by hand).
struct DistributionRoutes {
    let backend: any DockerBackend

    func add(to router: Router<BasicRequestContext>) {
        router.get("/distribution/**") { request, _ in
            let path = request.uri.path
            guard path.hasSuffix("/json") else { throw DockerAPIError(.notFound, "page not found") }
            let name = String(path.dropFirst("/distribution/".count).dropLast("/json".count))
            guard !name.isEmpty else { throw DockerAPIError(.badRequest, "an image reference is required: /distribution/NAME/json") }
            return DockerJSON.response(try await backend.distribution(of: name.removingPercentEncoding ?? name))
        }
    }
}
