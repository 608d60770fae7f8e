import Foundation
import Hummingbird
import RaftCore
import RaftNode
import RaftTypes

/// raft-kv's HTTP/JSON API: etcd's put and range shapes (base64 keys and values) so that one
/// load generator drives both, plus status, leader transfer and membership changes for tests.
struct KeyValueAPI {
    let node: RaftNode
    let store: KeyValueStore

    struct KeyRequest: Decodable {
        let key: String
        let value: String?
    }

    struct TransferRequest: Decodable {
        let to: UInt64
    }

    struct MembershipRequest: Decodable {
        let change: String
        let id: UInt64
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v3/kv/put") { request, context in
            let body = try await request.decode(as: KeyRequest.self, context: context)
            guard let key = Data(base64Encoded: body.key), let value = Data(base64Encoded: body.value ?? "") else {
                return Self.json(["error": "key and value must be base64"], status: .badRequest)
            }
            return await respond {
                let reply = try await node.propose(KeyValueStore.putCommand(key: [UInt8](key), value: [UInt8](value)))
                let revision = reply.littleEndianInteger(at: 0, byteCount: reply.count)
                // The hot path: written by hand, JSONSerialization costs more than Raft here.
                return Self.json(#"{"header":{"revision":"\#(revision)","member_id":"\#(node.id.rawValue)"}}"#)
            }
        }
        router.post("/v3/kv/range") { request, context in
            let body = try await request.decode(as: KeyRequest.self, context: context)
            guard let key = Data(base64Encoded: body.key) else { return Self.json(["error": "key must be base64"], status: .badRequest) }
            return await respond {
                try await node.readBarrier()
                let header = #"{"member_id":"\#(node.id.rawValue)"}"#
                guard let value = store.value(for: [UInt8](key)) else { return Self.json(#"{"header":\#(header),"count":"0"}"#) }
                let pair = #"{"key":"\#(body.key)","value":"\#(Data(value).base64EncodedString())"}"#
                return Self.json(#"{"header":\#(header),"count":"1","kvs":[\#(pair)]}"#)
            }
        }
        router.get("/raft/status") { _, _ in
            guard let status = await node.status() else { return Self.json(["error": "the node stopped"], status: .serviceUnavailable) }
            return Self.json([
                "id": status.id.rawValue, "role": "\(status.role)", "leader": status.leader?.rawValue ?? 0, "term": status.term.rawValue,
                "last_index": status.lastIndex.rawValue, "commit": status.committed.rawValue, "applied": status.applied.rawValue,
                "snapshot_index": status.snapshotIndex.rawValue, "voters": status.membership.voters.map(\.rawValue).sorted(),
                "learners": status.membership.learners.map(\.rawValue).sorted(), "keys": store.count,
            ])
        }
        router.post("/raft/transfer") { request, context in
            let body = try await request.decode(as: TransferRequest.self, context: context)
            return await respond {
                try await node.transferLeadership(to: RaftMemberID(body.to))
                return Self.json([:])
            }
        }
        router.post("/raft/members") { request, context in
            let body = try await request.decode(as: MembershipRequest.self, context: context)
            guard body.id != 0, let change = Self.membershipChange(body.change, RaftMemberID(body.id)) else {
                return Self.json(["error": "change must be add, promote or remove, and id non-zero"], status: .badRequest)
            }
            return await respond {
                try await node.changeMembership(change)
                return Self.json([:])
            }
        }
        return router
    }

    private static func membershipChange(_ name: String, _ member: RaftMemberID) -> RaftMembershipChange? {
        switch name {
        case "add": .addLearner(member)
        case "promote": .promote(member)
        case "remove": .remove(member)
        default: nil
        }
    }

    /// Runs `work` and answers with its JSON, or with the node's error: 503 when refused (no
    /// leader, backlog), 504 when the outcome is unknown (timed out, leader changed), 500
    /// otherwise.
    private func respond(_ work: () async throws -> Response) async -> Response {
        do {
            return try await work()
        } catch {
            let status: HTTPResponse.Status = switch error as? RaftNodeError {
            case .refused: .serviceUnavailable
            case .timedOut, .leaderChanged: .gatewayTimeout
            default: .internalServerError
            }
            return Self.json(["error": "\(error)"], status: status)
        }
    }

    private static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
