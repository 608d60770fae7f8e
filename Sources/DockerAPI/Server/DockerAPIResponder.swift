import HTTPTypes
public import Hummingbird

/// Wraps the router: strips the `/v1.NN` prefix before routing (refusing versions this server
/// does not speak) and adds Docker's `API-Version` header to every response.
public struct DockerAPIResponder<Inner: HTTPResponder>: HTTPResponder {
    public typealias Context = Inner.Context
    let inner: Inner

    public func respond(to request: Request, context: Context) async throws -> Response {
        var response: Response
        do {
            response = try await inner.respond(to: try Self.unversioned(request), context: context)
        } catch let error as DockerAPIError {
            response = error.response()
        }
        response.headers[.apiVersion] = APIVersion.current.text
        return response
    }

    /// `request` with any `/v1.NN` prefix removed from its path.
    static func unversioned(_ request: Request) throws -> Request {
        let path = request.uri.path
        let components = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = components.first, let version = APIVersion(pathComponent: first) else { return request }
        guard version >= APIVersion.minimum else {
            throw DockerAPIError(
                .badRequest,
                "client version \(version.text) is too old. Minimum supported API version is \(APIVersion.minimum.text), please upgrade your client to a newer version"
            )
        }
        guard version <= APIVersion.current else {
            throw DockerAPIError(.badRequest, "client version \(version.text) is too new. Maximum supported API version is \(APIVersion.current.text)")
        }
        var head = request.head
        let rest = components.count > 1 ? "/" + components[1] : "/"
        let query = request.uri.query.map { "?" + $0 } ?? ""
        head.path = rest + query
        return Request(head: head, body: request.body)
    }
}
