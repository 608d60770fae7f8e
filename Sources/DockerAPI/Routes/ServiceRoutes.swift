import HTTPTypes
import Hummingbird
import SwarmManager
import SwarmState

/// `/services…`: create, list, inspect, update (scale, rollback), remove.
struct ServiceRoutes {
    let backend: any DockerBackend

    func add(to router: Router<BasicRequestContext>) {
        router.post("/services/create") { request, context in
            let spec = try await DockerJSON.decode(ServiceSpec.self, from: request, context: context)
            let service = try await backend.control().createService(spec)
            return DockerJSON.response(CreatedServiceJSON(ID: service.id.rawValue), status: .created)
        }
        router.get("/services") { request, _ in
            let query = QueryParameters(request: request)
            let filters = try query.filters(allowed: ["id", "name", "label", "mode"])
            let withStatus = try query.flag("status")
            let control = try await backend.control()
            let services = control.services().filter { service in
                filters.matches("id") { service.id.rawValue.hasPrefix($0) } && filters.matches("name") { service.spec.name.hasPrefix($0) }
                    && filters.matchesLabels(service.spec.labels ?? [:]) && filters.matches("mode") { $0 == service.spec.mode.kind?.rawValue }
            }
            return DockerJSON.response(services.map { ServiceJSON($0, insertDefaults: false, tasks: withStatus ? control.tasks(ofService: $0.id) : nil) })
        }
        router.get("/services/:id") { request, context in
            let insertDefaults = try QueryParameters(request: request).flag("insertDefaults")
            let service = try await backend.control().service(try context.parameters.require("id"))
            return DockerJSON.response(ServiceJSON(service, insertDefaults: insertDefaults, tasks: nil))
        }
        router.post("/services/:id/update") { request, context in
            let query = QueryParameters(request: request)
            let version = try query.version(of: .service)
            let rollback = request.uri.queryParameters.get("rollback") == "previous"
            let spec = try await DockerJSON.decode(ServiceSpec.self, from: request, context: context)
            try await backend.control().updateService(try context.parameters.require("id"), version: version, spec: spec, rollback: rollback)
            return DockerJSON.response(UpdatedServiceJSON())
        }
        router.delete("/services/:id") { _, context in
            try await backend.control().removeService(try context.parameters.require("id"))
            return Response(status: .ok)
        }
    }
}

/// `POST /services/create`'s answer.
private struct CreatedServiceJSON: Encodable {
    let ID: String
    let Warnings: [String]? = nil
}

/// `POST /services/{id}/update`'s answer.
private struct UpdatedServiceJSON: Encodable {
    let Warnings: [String]? = nil
}
