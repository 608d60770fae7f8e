import HTTPTypes
import Hummingbird
import SwarmManager
import SwarmState

/// `/tasks…`: list (filtered by service, node, desired state, up-to-dateness, …) and inspect.
struct TaskRoutes {
    let backend: any DockerBackend

    func add(to router: Router<BasicRequestContext>) {
        router.get("/tasks") { request, _ in
            let filters = try QueryParameters(request: request).filters(allowed: ["id", "name", "service", "node", "desired-state", "_up-to-date"])
            let control = try await backend.control()
            let services = Set(filters.wanted("service").compactMap { try? control.service($0).id })
            let nodes = Set(filters.wanted("node").compactMap { try? control.node($0).id })
            let candidates = services.count == 1 ? control.tasks(ofService: services.first!) : control.tasks()
            let tasks = candidates.filter { task in
                filters.matches("id") { task.id.rawValue.hasPrefix($0) } && filters.matches("service") { _ in services.contains(task.serviceID) }
                    && filters.matches("node") { _ in task.nodeID.map(nodes.contains) ?? false }
                    && filters.matches("desired-state") { $0 == task.desiredState.rawValue }
                    && filters.matches("name") { name in Self.name(of: task, control: control).hasPrefix(name) }
                    && filters.matches("_up-to-date") { wanted in (wanted == "true") == Self.isUpToDate(task, control: control) }
            }
            return DockerJSON.response(tasks.map(TaskJSON.init))
        }
        router.get("/tasks/:id") { _, context in
            DockerJSON.response(TaskJSON(try await backend.control().task(try context.parameters.require("id"))))
        }
    }

    /// Whether `task` runs its service's current template (the CLI's hidden `_up-to-date`
    /// filter, with which `service create/update` follow their tasks' progress).
    private static func isUpToDate(_ task: SwarmTask, control: ControlAPI) -> Bool {
        (try? control.service(task.serviceID.rawValue))?.spec.taskTemplate == task.spec
    }

    /// Docker's task name: the service's name and the slot (or, for a global service, the node).
    private static func name(of task: SwarmTask, control: ControlAPI) -> String {
        let service = (try? control.service(task.serviceID.rawValue))?.spec.name ?? ""
        return "\(service).\(task.slot > 0 ? String(task.slot) : task.nodeID?.rawValue ?? "")"
    }
}
