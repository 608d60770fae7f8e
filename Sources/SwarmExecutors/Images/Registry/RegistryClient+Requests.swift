import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension RegistryClient {
    /// `GET path` on the registry serving `reference`, with the repository's bearer token when
    /// one is known. On `401 Unauthorized` with a bearer challenge, gets a token anonymously and
    /// asks once more. Returns whatever status the registry answered with.
    func get(_ path: String, accept: String?, for reference: ImageReference) async throws(ImageError) -> HTTPClientResponse {
        let registry = endpoints.endpoint(for: reference)
        let tokenKey = "\(registry) \(reference.repository)"
        var request = HTTPClientRequest(url: registry.url(path))
        if let accept { request.headers.add(name: "Accept", value: accept) }
        let cachedToken = await tokens.token(for: tokenKey)
        let first = try await execute(request, bearer: cachedToken, registry: registry, reference: reference)
        guard first.status == .unauthorized else { return first }
        let challenges = first.headers["WWW-Authenticate"]
        guard let challenge = challenges.lazy.compactMap(BearerChallenge.init(header:)).first else {
            let scheme = challenges.first?.split(separator: " ").first.map(String.init) ?? "no challenge"
            throw .authenticationRequired(reference, registry: registry, scheme: scheme)
        }
        let token = try await fetchToken(challenge, registry: registry, reference: reference)
        await tokens.store(token.value, for: tokenKey, lifetime: token.lifetime)
        let second = try await execute(request, bearer: token.value, registry: registry, reference: reference)
        guard second.status != .unauthorized else {
            throw .authenticationFailed(reference, registry: registry, reason: "the registry refused its own anonymous token")
        }
        return second
    }

    /// Sends `request`, mapping a failure to reach the registry to `.registryUnreachable`.
    private func execute(
        _ request: HTTPClientRequest, bearer token: String?, registry: RegistryEndpoint, reference: ImageReference
    ) async throws(ImageError) -> HTTPClientResponse {
        var request = request
        if let token { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)") }
        do {
            return try await httpClient.execute(request, timeout: timeouts.response.timeAmount, logger: logger)
        } catch {
            throw transportFailure(error, registry: registry, reference: reference)
        }
    }

    /// An anonymous token from the challenge's realm (Docker's token protocol).
    private func fetchToken(
        _ challenge: BearerChallenge, registry: RegistryEndpoint, reference: ImageReference
    ) async throws(ImageError) -> BearerToken {
        guard var components = URLComponents(string: challenge.realm), components.scheme == "https" || components.scheme == "http" else {
            throw .authenticationFailed(reference, registry: registry, reason: "its token realm '\(challenge.realm)' is not an http(s) URL")
        }
        components.queryItems = (components.queryItems ?? [])
            + [challenge.service.map { URLQueryItem(name: "service", value: $0) }, challenge.scope.map { URLQueryItem(name: "scope", value: $0) }]
            .compactMap { $0 }
        guard let url = components.string else {
            throw .authenticationFailed(reference, registry: registry, reason: "its token realm '\(challenge.realm)' is not usable")
        }
        let response = try await execute(HTTPClientRequest(url: url), bearer: nil, registry: registry, reference: reference)
        guard response.status == .ok else {
            throw .authenticationFailed(reference, registry: registry, reason: "its token service answered \(response.status.code)")
        }
        let body = try await collect(response, byteLimit: BearerToken.answerByteLimit, registry: registry, reference: reference)
        guard let token = BearerToken(answer: body) else {
            throw .authenticationFailed(reference, registry: registry, reason: "its token service sent no token")
        }
        return token
    }

    /// The whole body of `response`, which must be at most `byteLimit` bytes.
    func collect(
        _ response: HTTPClientResponse, byteLimit: Int, registry: RegistryEndpoint, reference: ImageReference
    ) async throws(ImageError) -> [UInt8] {
        do {
            let buffer = try await response.body.collect(upTo: byteLimit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw .registryRefused(reference, registry: registry, status: Int(response.status.code), detail: "its answer is larger than \(byteLimit) bytes")
        } catch {
            throw transportFailure(error, registry: registry, reference: reference)
        }
    }

    /// The error for an answer with an unexpected status, carrying the registry's own message.
    func refusal(_ response: HTTPClientResponse, for reference: ImageReference) async -> ImageError {
        let registry = endpoints.endpoint(for: reference)
        let body = (try? await collect(response, byteLimit: RegistryErrorBody.byteLimit, registry: registry, reference: reference)) ?? []
        let detail = RegistryErrorBody.message(in: body) ?? "\(response.status.code) \(response.status.reasonPhrase)"
        return .registryRefused(reference, registry: registry, status: Int(response.status.code), detail: detail)
    }

    /// The error for a request that failed below HTTP: no connection, a timeout, cancellation.
    func transportFailure(_ error: any Error, registry: RegistryEndpoint, reference: ImageReference) -> ImageError {
        if error is CancellationError { return .cancelled(reference) }
        switch error as? HTTPClientError {
        case .cancelled?: return .cancelled(reference)
        case .deadlineExceeded?: return .registryUnreachable(registry, reason: "no answer within \(timeouts.response.secondsDescription)")
        case .connectTimeout?: return .registryUnreachable(registry, reason: "no connection within \(timeouts.connect.secondsDescription)")
        case .readTimeout?: return .registryUnreachable(registry, reason: "it stopped sending for \(timeouts.idleRead.secondsDescription)")
        default: return .registryUnreachable(registry, reason: TransportFailure.reason(for: error))
        }
    }
}
