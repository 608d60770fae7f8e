import HTTPTypes
import NIOCore
import Hummingbird
import SwarmCrypto
import SwarmManager
import SwarmState

/// `/swarm…`: found, inspect, update (join-token rotation), leave, unlock key.
struct SwarmRoutes {
    let backend: any DockerBackend

    func add(to router: Router<BasicRequestContext>) {
        router.post("/swarm/init") { request, context in
            let body = try await DockerJSON.decode(SwarmInitRequest.self, from: request, context: context)
            let nodeID = try await backend.initialize(body)
            return DockerJSON.response(nodeID.rawValue)
        }
        router.post("/swarm/join") { request, context in
            let body = try await DockerJSON.decode(SwarmJoinRequest.self, from: request, context: context)
            try await backend.join(body)
            return Response(status: .ok)
        }
        router.get("/swarm") { _, _ in
            let control = try await backend.control()
            return DockerJSON.response(SwarmJSON(try control.cluster(), includingTokens: true))
        }
        router.post("/swarm/update") { request, context in
            let query = QueryParameters(request: request)
            let version = try query.version(of: .cluster)
            let rotation = ControlAPI.Rotation(
                workerJoinToken: try query.flag("rotateWorkerToken"), managerJoinToken: try query.flag("rotateManagerToken"),
                managerUnlockKey: try query.flag("rotateManagerUnlockKey")
            )
            let spec = try await DockerJSON.decode(ClusterSpec.self, from: request, context: context)
            try await backend.updateSwarm(spec: spec, version: version, rotation: rotation)
            return Response(status: .ok)
        }
        router.post("/swarm/leave") { request, _ in
            try await backend.leave(force: try QueryParameters(request: request).flag("force"))
            return Response(status: .ok)
        }
        router.get("/swarm/unlockkey") { _, _ in
            let key = try await backend.control().unlockKey()
            return DockerJSON.response(["UnlockKey": key?.revealedText() ?? ""])
        }
        router.post("/swarm/backup") { request, _ in
            let stream = try await backend.backup(priority: try QueryParameters(request: request).choice("priority", default: BackupPriority.background))
            var headers = HTTPFields()
            headers[.contentType] = BackupStream.contentType
            return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: ByteBufferChunks(chunks: stream.body)))
        }
        router.post("/swarm/unlock") { request, context in
            let body = try await DockerJSON.decode(UnlockRequestJSON.self, from: request, context: context)
            try await backend.unlock(body.UnlockKey)
            return Response(status: .ok)
        }
    }
}

/// Byte chunks as the buffers a response body sends.
private struct ByteBufferChunks: AsyncSequence, Sendable {
    let chunks: any AsyncSequence<[UInt8], any Error> & Sendable

    func makeAsyncIterator() -> Iterator {
        Iterator(base: chunks.makeAsyncIterator())
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: any AsyncIteratorProtocol<[UInt8], any Error>

        mutating func next() async throws -> ByteBuffer? {
            try await base.next().map { ByteBuffer(bytes: $0) }
        }
    }
}

/// `POST /swarm/unlock`'s body.
struct UnlockRequestJSON: Decodable {
    let UnlockKey: String
}
