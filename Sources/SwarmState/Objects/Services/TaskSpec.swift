/// What each task of a service is: Docker's `TaskTemplate`. A task keeps the template it was
/// created from, so a task whose template differs from its service's is out of date.
public struct TaskSpec: Hashable, Sendable, Codable {
    public var containerSpec: ContainerSpec?
    public var resources: TaskResources?
    public var restartPolicy: RestartPolicy?
    public var placement: Placement?
    /// Bumped by `docker service update --force` to replace tasks whose template is unchanged.
    public var forceUpdate: UInt64?
    public var runtime: String?

    public init(containerSpec: ContainerSpec?, resources: TaskResources? = nil, restartPolicy: RestartPolicy? = nil, placement: Placement? = nil) {
        self.containerSpec = containerSpec
        self.resources = resources
        self.restartPolicy = restartPolicy
        self.placement = placement
    }

    enum CodingKeys: String, CodingKey {
        case containerSpec = "ContainerSpec", resources = "Resources", restartPolicy = "RestartPolicy", placement = "Placement"
        case forceUpdate = "ForceUpdate", runtime = "Runtime"
    }
}
