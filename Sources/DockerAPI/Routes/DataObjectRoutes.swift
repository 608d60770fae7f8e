import HTTPTypes
import Hummingbird
import SwarmManager
import SwarmState

/// `/secrets…` or `/configs…`: create, list, inspect, update (labels), remove — one set of
/// routes for both, as their APIs are the same but for whether inspect shows the data.
struct DataObjectRoutes<Object: ManagedDataObject>: Sendable {
    let backend: any DockerBackend
    /// `secrets` or `configs`.
    let collection: String
    let render: @Sendable (Object) -> DataObjectJSON

    func add(to router: Router<BasicRequestContext>) {
        router.post("/\(collection)/create") { request, context in
            let body = try await DockerJSON.decode(DataObjectSpecJSON.self, from: request, context: context)
            let created = try await backend.control().create(Object.self, spec: body.spec, payload: try body.payload())
            return DockerJSON.response(["ID": created.id.rawValue], status: .created)
        }
        router.get("/\(collection)") { request, _ in
            let filters = try QueryParameters(request: request).filters(allowed: ["id", "name", "names", "label"])
            let objects = try await backend.control().list(Object.self).filter { object in
                filters.matches("id") { object.id.rawValue.hasPrefix($0) } && filters.matches("name") { $0 == object.spec.name }
                    && filters.matches("names") { $0 == object.spec.name } && filters.matchesLabels(object.spec.labels)
            }
            return DockerJSON.response(objects.map(render))
        }
        router.get("/\(collection)/:id") { _, context in
            DockerJSON.response(render(try await backend.control().lookup(Object.self, try context.parameters.require("id"))))
        }
        router.post("/\(collection)/:id/update") { request, context in
            let version = try QueryParameters(request: request).version(of: Object.kind)
            let body = try await DockerJSON.decode(DataObjectSpecJSON.self, from: request, context: context)
            try await backend.control().update(Object.self, try context.parameters.require("id"), version: version, spec: body.spec)
            return Response(status: .ok)
        }
        router.delete("/\(collection)/:id") { _, context in
            try await backend.control().remove(Object.self, try context.parameters.require("id"))
            return Response(status: .noContent)
        }
    }
}
