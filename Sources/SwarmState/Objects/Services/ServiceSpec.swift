/// What an operator asks of a service (`docker service create/update`): Docker's
/// `ServiceSpec`, under Docker's field names so the API decodes and returns it as it is.
public struct ServiceSpec: Hashable, Sendable, Codable {
    public var name: String
    public var labels: Labels?
    public var taskTemplate: TaskSpec
    public var mode: ServiceMode
    public var updateConfig: UpdateConfig?
    public var rollbackConfig: UpdateConfig?
    public var endpointSpec: EndpointSpec?

    public init(name: String, labels: Labels? = nil, taskTemplate: TaskSpec, mode: ServiceMode) {
        self.name = name
        self.labels = labels
        self.taskTemplate = taskTemplate
        self.mode = mode
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", labels = "Labels", taskTemplate = "TaskTemplate", mode = "Mode", updateConfig = "UpdateConfig"
        case rollbackConfig = "RollbackConfig", endpointSpec = "EndpointSpec"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        labels = try container.decodeIfPresent(Labels.self, forKey: .labels)
        taskTemplate = try container.decodeIfPresent(TaskSpec.self, forKey: .taskTemplate) ?? TaskSpec(containerSpec: nil)
        mode = try container.decodeIfPresent(ServiceMode.self, forKey: .mode) ?? .replicated(1)
        updateConfig = try container.decodeIfPresent(UpdateConfig.self, forKey: .updateConfig)
        rollbackConfig = try container.decodeIfPresent(UpdateConfig.self, forKey: .rollbackConfig)
        endpointSpec = try container.decodeIfPresent(EndpointSpec.self, forKey: .endpointSpec)
    }

    /// The spec with Swarm's defaults filled in where the operator gave none, as
    /// `GET /services/{id}?insertDefaults=true` shows it (`docker service inspect --pretty`).
    public var withDefaults: ServiceSpec {
        var spec = self
        if spec.mode.replicated != nil, spec.mode.replicated?.replicas == nil { spec.mode.replicated?.replicas = 1 }
        var restart = spec.taskTemplate.restartPolicy ?? RestartPolicy()
        restart = RestartPolicy(
            condition: restart.effectiveCondition, delay: restart.effectiveDelay, maxAttempts: restart.effectiveMaxAttempts, window: restart.effectiveWindow
        )
        spec.taskTemplate.restartPolicy = restart
        spec.updateConfig = (spec.updateConfig ?? UpdateConfig()).withDefaults
        spec.rollbackConfig = (spec.rollbackConfig ?? UpdateConfig()).withDefaults
        if spec.endpointSpec?.mode == nil { spec.endpointSpec = EndpointSpec(mode: "vip", ports: spec.endpointSpec?.ports) }
        if spec.taskTemplate.containerSpec?.stopGracePeriod == nil { spec.taskTemplate.containerSpec?.stopGracePeriod = 10_000_000_000 }
        return spec
    }

    /// The replicas a replicated service asks for (1 when unsaid), nil for other modes.
    public var replicas: Int64? {
        mode.replicated.map { $0.replicas ?? 1 }
    }
}
