import AsyncHTTPClient
import Foundation
import Glibc
import NIOCore
import NIOHTTP1

/// The Docker Engine API of one swarmd, over its unix socket: requests with JSON bodies, JSON
/// answers, and Docker's `{"message": …}` errors turned into `SwarmctlError.refused`.
struct APIClient {
    let socketPath: String

    /// Sends `method path?query` with `body` (JSON) and returns the answer's JSON (nil when the
    /// answer has no body).
    func call(_ method: HTTPMethod, _ path: String, query: [String: String] = [:], body: Any? = nil) async throws -> Any? {
        var components = URLComponents()
        components.path = "/v1.49" + path
        if !query.isEmpty { components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        guard let uri = components.string, let url = URL(httpURLWithSocketPath: socketPath, uri: uri) else {
            throw SwarmctlError.usage("the socket path \(socketPath) or the request path \(path) is not usable")
        }
        try checkListening()
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: body))))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        } catch {
            throw SwarmctlError.unreachable(socket: socketPath, reason: "\(error)")
        }
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let data = Data(bytes.readableBytesView)
        let json = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        guard response.status.code < 400 else {
            let message = (json as? [String: Any])?["message"] as? String ?? String(decoding: data, as: UTF8.self)
            throw SwarmctlError.refused(message)
        }
        return json
    }

    /// Connects to the socket once, so that a missing or dead daemon gets an error at once
    /// (the HTTP client would retry until its deadline).
    private func checkListening() throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SwarmctlError.unreachable(socket: socketPath, reason: "no socket could be created") }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard socketPath.utf8.count < capacity else { throw SwarmctlError.usage("the socket path \(socketPath) is too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: socketPath.utf8)
            buffer[socketPath.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw SwarmctlError.unreachable(socket: socketPath, reason: String(cString: strerror(errno))) }
    }

    /// `GET path`, as a JSON object.
    func object(_ path: String) async throws -> [String: Any] {
        guard let object = try await call(.GET, path) as? [String: Any] else { throw SwarmctlError.unexpectedAnswer(path) }
        return object
    }

    /// `GET` each of `paths`, as JSON objects (what `inspect` prints).
    func objects(_ paths: [String]) async throws -> [[String: Any]] {
        var found: [[String: Any]] = []
        for path in paths { found.append(try await object(path)) }
        return found
    }

    /// `GET path`, as a JSON array of objects.
    func list(_ path: String, query: [String: String] = [:]) async throws -> [[String: Any]] {
        guard let list = try await call(.GET, path, query: query) as? [[String: Any]] else { throw SwarmctlError.unexpectedAnswer(path) }
        return list
    }
}
