import HTTPTypes
import Hummingbird
import SwarmManager

/// An error answered as Docker answers errors: the status, and `{"message": …}`, which the
/// docker CLI prints after "Error response from daemon: ".
struct DockerAPIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The one mapping from control API failures to HTTP statuses.
    init(_ error: ControlError) {
        let status: HTTPResponse.Status = switch error.kind {
        case .invalidArgument: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .failedPrecondition: .badRequest
        case .unavailable: .serviceUnavailable
        case .rateLimited: .tooManyRequests
        case .internalFailure: .internalServerError
        }
        self.init(status, error.message)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        var response = DockerJSON.response(["message": message], status: status)
        response.headers[.apiVersion] = APIVersion.current.text
        return response
    }
}

extension HTTPField.Name {
    static let apiVersion = HTTPField.Name("API-Version")!
}
