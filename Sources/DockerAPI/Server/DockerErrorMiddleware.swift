import Hummingbird
import SwarmManager

/// The router's outermost middleware (it also wraps the not-found responder): every error a
/// route throws, and unknown paths, become Docker's error body through `DockerAPIError`.
struct DockerErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DockerAPIError {
            throw error
        } catch let error as ControlError {
            throw DockerAPIError(error)
        } catch let error as any HTTPResponseError {
            throw DockerAPIError(error.status, error.status == .notFound ? "page not found" : error.status.reasonPhrase.lowercased())
        }
    }
}
