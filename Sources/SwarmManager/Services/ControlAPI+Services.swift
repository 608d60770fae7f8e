public import SwarmState

extension ControlAPI {
    /// Every service, in ID order.
    public func services() -> [Service] {
        store.current.services.all
    }

    /// The service `reference` names (ID, name or unique ID prefix).
    public func service(_ reference: String) throws(ControlError) -> Service {
        try resolve(reference, in: store.current.services)
    }

    /// Creates a service (`docker service create`); the leader's orchestrator creates its tasks.
    /// A service given no name is named after its ID (`service-<12 ID characters>`). A job
    /// service starts its first iteration.
    public func createService(_ spec: ServiceSpec) async throws(ControlError) -> Service {
        let id = ServiceID.random()
        var spec = spec
        if spec.name.isEmpty { spec.name = "service-" + id.rawValue.prefix(12) }
        spec.mode.replicatedJob = spec.mode.replicatedJob?.withDefaults
        try ServiceSpecRule.validate(spec)
        var service = Service(id: id, meta: newMeta(), spec: spec, jobStatus: spec.mode.isJob ? JobStatus(iteration: 1, lastExecution: now()) : nil)
        service.meta.version = try await write([.create(.service(service))])
        return service
    }

    /// Replaces the spec of the service read at `version` (`docker service update/scale`); with
    /// `rollback`, the spec becomes the previous one instead (`docker service rollback`). The
    /// spec replaced becomes the previous one. A new task template starts a rolling update (or
    /// rollback), which the orchestrator paces; any update of a job service runs the job again
    /// (a new iteration), as in Docker.
    public func updateService(_ reference: String, version: ObjectVersion, spec: ServiceSpec, rollback: Bool) async throws(ControlError) {
        var service = try service(reference)
        var next: ServiceSpec
        if rollback {
            guard let previous = service.previousSpec else {
                throw ControlError(.failedPrecondition, "service \(service.spec.name) has no previous spec to roll back to")
            }
            next = previous
        } else {
            next = spec
        }
        next.mode.replicatedJob = next.mode.replicatedJob?.withDefaults
        try ServiceSpecRule.validate(next)
        guard next.name == service.spec.name else {
            throw ControlError(.invalidArgument, "a service cannot be renamed (\(service.spec.name) → \(next.name)); create a new service instead")
        }
        guard next.mode.kind == service.spec.mode.kind else {
            throw ControlError(.invalidArgument, "a service's mode cannot change (it is \(service.spec.mode.kind?.rawValue ?? "unknown")); create a new service instead")
        }
        if next.mode.isJob {
            service.jobStatus = (service.jobStatus ?? JobStatus(iteration: 0, lastExecution: now())).next(at: now())
        } else if next.taskTemplate != service.spec.taskTemplate {
            service.updateStatus = rollback
                ? UpdateStatus(state: .rollbackStarted, startedAt: now(), message: "manually requested rollback")
                : UpdateStatus(state: .updating, startedAt: now(), message: "update in progress")
        }
        service.previousSpec = service.spec
        service.spec = next
        service.meta.updatedAt = now()
        try await write([.update(.service(service), expected: version)])
    }

    /// Removes a service (`docker service rm`): the leader's orchestrator then shuts its tasks
    /// down and the task reaper deletes them.
    public func removeService(_ reference: String) async throws(ControlError) {
        let service = try service(reference)
        try await write([.remove(.service, id: service.id.rawValue)])
    }

    /// Every task, in ID order.
    public func tasks() -> [SwarmTask] {
        store.current.tasks.all
    }

    /// The tasks of the service with `id`.
    public func tasks(ofService id: ServiceID) -> [SwarmTask] {
        store.current.tasks.objects(indexedBy: SwarmTask.serviceIndexKey(id))
    }

    /// The task `reference` names (ID or unique ID prefix).
    public func task(_ reference: String) throws(ControlError) -> SwarmTask {
        try resolve(reference, in: store.current.tasks)
    }
}
