import HTTPTypes
import Hummingbird
import SwarmManager
import SwarmState

/// `/nodes…`: list, inspect, update (availability, labels, role), remove.
struct NodeRoutes {
    let backend: any DockerBackend

    func add(to router: Router<BasicRequestContext>) {
        router.get("/nodes") { request, _ in
            let filters = try QueryParameters(request: request).filters(allowed: ["id", "name", "role", "membership", "label", "node.label"])
            let control = try await backend.control()
            let raft = await backend.raftView()
            let trustRoot = try control.cluster().rootCA.certificatePEM
            let nodes = control.nodes().filter { node in
                filters.matches("id") { node.id.rawValue.hasPrefix($0) } && filters.matches("name") { node.referenceName.hasPrefix($0) }
                    && filters.matches("role") { $0 == node.spec.role.rawValue } && filters.matches("membership") { $0 == "accepted" }
                    && filters.matchesLabels(node.spec.labels)
            }
            return DockerJSON.response(nodes.map { NodeJSON($0, trustRoot: trustRoot, raft: raft) })
        }
        router.get("/nodes/:id") { _, context in
            let control = try await backend.control()
            let node = try control.node(try context.parameters.require("id"))
            return DockerJSON.response(NodeJSON(node, trustRoot: try control.cluster().rootCA.certificatePEM, raft: await backend.raftView()))
        }
        router.post("/nodes/:id/update") { request, context in
            let version = try QueryParameters(request: request).version(of: .node)
            let spec = try await DockerJSON.decode(NodeSpec.self, from: request, context: context)
            try await backend.control().updateNode(try context.parameters.require("id"), version: version, spec: spec)
            return Response(status: .ok)
        }
        router.delete("/nodes/:id") { request, context in
            let force = try QueryParameters(request: request).flag("force")
            try await backend.control().removeNode(try context.parameters.require("id"), force: force)
            return Response(status: .ok)
        }
    }
}
