import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// An HTTP/JSON client for one raft-kv member (etcd's put and range shapes, plus status and
/// membership endpoints). Every call has a deadline.
struct RaftKVClient: Sendable {
    let host: String
    let port: Int
    let timeout: Duration

    /// What a request came to: a definite answer, a definite refusal, or unknown (timeout,
    /// connection lost, the node gave up waiting: the operation may or may not have happened).
    enum Outcome<Value: Sendable>: Sendable {
        case ok(Value)
        case refused(String)
        case unknown(String)
    }

    /// One client for every test: up to 64 connections per member, so that many concurrent
    /// writers really are concurrent (the shared client allows 8).
    private static let httpClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    init(host: String, port: Int, timeout: Duration = .seconds(3)) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    func put(key: String, value: String) async -> Outcome<UInt64> {
        let body: [String: Any] = ["key": Data(key.utf8).base64EncodedString(), "value": Data(value.utf8).base64EncodedString()]
        return await call("/v3/kv/put", body: body) { json in
            ((json["header"] as? [String: Any])?["revision"] as? String).flatMap(UInt64.init)
        }
    }

    /// The value of `key` after a linearizable read; `.ok(nil)` when the key is absent.
    func get(key: String) async -> Outcome<String?> {
        await call("/v3/kv/range", body: ["key": Data(key.utf8).base64EncodedString()]) { json -> String?? in
            guard let kvs = json["kvs"] as? [[String: Any]], let encoded = kvs.first?["value"] as? String else { return .some(nil) }
            return Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) }.map { .some($0) }
        }
    }

    /// The member's `/raft/status`, or nil when it does not answer within a second.
    func status() async -> [String: Any]? {
        guard let (status, data) = try? await send("/raft/status", method: .GET, body: nil, timeout: .seconds(1)), status == 200 else {
            return nil
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    func transferLeadership(to member: UInt64) async -> Outcome<Void> {
        await call("/raft/transfer", body: ["to": member]) { _ in () }
    }

    func changeMembership(_ change: String, member: UInt64) async -> Outcome<Void> {
        await call("/raft/members", body: ["change": change, "id": member]) { _ in () }
    }

    private func call<Value>(_ path: String, body: [String: Any], parse: ([String: Any]) -> Value?) async -> Outcome<Value> {
        let status: Int
        let data: Data
        do {
            (status, data) = try await send(path, method: .POST, body: try JSONSerialization.data(withJSONObject: body), timeout: timeout)
        } catch {
            // The request may have reached the node before the connection failed.
            return .unknown("\(error)")
        }
        let json = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
        switch status {
        case 200:
            guard let value = parse(json) else { return .unknown("unreadable answer \(String(decoding: data, as: UTF8.self))") }
            return .ok(value)
        case 503:
            return .refused(json["error"] as? String ?? "refused")
        default:
            return .unknown("HTTP \(status): \(json["error"] as? String ?? "")")
        }
    }

    private func send(_ path: String, method: HTTPMethod, body: Data?, timeout: Duration) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: "http://\(host):\(port)\(path)")
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout / .nanoseconds(1)))
        let response = try await Self.httpClient.execute(request, deadline: deadline)
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), Data(buffer: bytes))
    }
}
