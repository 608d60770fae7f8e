public import AsyncHTTPClient
import Foundation
import Glibc
public import NIOCore
public import NIOHTTP1

/// The Docker Engine API of one swarmd, over its unix socket: requests with JSON bodies, JSON
/// answers, and Docker's `{"message": …}` errors turned into `APIClientError.refused`. What
/// `swarmctl` and `swarm-backup` talk to swarmd through.
public struct APIClient: Sendable {
    /// The API socket's path.
    public let socketPath: String

    /// The default socket, as swarmd serves it under systemd.
    public static let defaultHost = "unix:///run/swarmd/swarmd.sock"

    /// The client of the socket `host` names (`unix:///PATH`), else `$SWARMD_HOST`, else
    /// `$DOCKER_HOST`, else the default socket.
    public init(host: String?) throws(APIClientError) {
        let environment = ProcessInfo.processInfo.environment
        let text = host ?? environment["SWARMD_HOST"] ?? environment["DOCKER_HOST"] ?? Self.defaultHost
        let path = text.hasPrefix("unix://") ? String(text.dropFirst("unix://".count)) : text
        guard path.hasPrefix("/") else { throw .badHost(text) }
        self.socketPath = path
    }

    /// Sends `method path?query` with `body` (JSON) and returns the answer's JSON (nil when the
    /// answer has no body).
    public func call(_ method: HTTPMethod, _ path: String, query: [String: String] = [:], body: Any? = nil) async throws -> Any? {
        let response = try await send(method, path, query: query, body: body, timeout: .seconds(120))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let data = Data(bytes.readableBytesView)
        let json = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        guard response.status.code < 400 else { throw Self.refusal(json: json, data: data) }
        return json
    }

    /// Sends `method path?query` and returns the answer's body as it arrives (for answers too large
    /// to hold, such as a hot backup), after checking the status: an error answer is read and
    /// thrown as `.refused`. Reading the body may take up to `timeout`.
    public func stream(_ method: HTTPMethod, _ path: String, query: [String: String] = [:], timeout: TimeAmount) async throws -> HTTPClientResponse.Body {
        let response = try await send(method, path, query: query, body: nil, timeout: timeout)
        guard response.status.code < 400 else {
            let data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
            throw Self.refusal(json: try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]), data: data)
        }
        return response.body
    }

    private func send(_ method: HTTPMethod, _ path: String, query: [String: String], body: Any?, timeout: TimeAmount) async throws -> HTTPClientResponse {
        var components = URLComponents()
        components.path = "/v1.49" + path
        if !query.isEmpty { components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        guard let uri = components.string, let url = URL(httpURLWithSocketPath: socketPath, uri: uri) else {
            throw APIClientError.unusablePath(socket: socketPath, request: path)
        }
        try checkListening()
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: body))))
        }
        do {
            return try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            throw APIClientError.unreachable(socket: socketPath, reason: "\(error)")
        }
    }

    private static func refusal(json: Any?, data: Data) -> APIClientError {
        .refused((json as? [String: Any])?["message"] as? String ?? String(decoding: data, as: UTF8.self))
    }

    /// Connects to the socket once, so that a missing or dead daemon gets an error at once
    /// (the HTTP client would retry until its deadline).
    private func checkListening() throws(APIClientError) {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw APIClientError.unreachable(socket: socketPath, reason: "no socket could be created") }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard socketPath.utf8.count < capacity else { throw APIClientError.unusablePath(socket: socketPath, request: "") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: socketPath.utf8)
            buffer[socketPath.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw APIClientError.unreachable(socket: socketPath, reason: String(cString: strerror(errno))) }
    }

    /// `GET path`, as a JSON object.
    public func object(_ path: String) async throws -> [String: Any] {
        guard let object = try await call(.GET, path) as? [String: Any] else { throw APIClientError.unexpectedAnswer(path) }
        return object
    }

    /// `GET` each of `paths`, as JSON objects (what `inspect` prints).
    public func objects(_ paths: [String]) async throws -> [[String: Any]] {
        var found: [[String: Any]] = []
        for path in paths { found.append(try await object(path)) }
        return found
    }

    /// `GET path`, as a JSON array of objects.
    public func list(_ path: String, query: [String: String] = [:]) async throws -> [[String: Any]] {
        guard let list = try await call(.GET, path, query: query) as? [[String: Any]] else { throw APIClientError.unexpectedAnswer(path) }
        return list
    }
}
