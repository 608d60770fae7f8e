/// Any object the store keeps, for actions that carry one.
public enum StoredObject: Sendable, Codable, Hashable {
    case cluster(Cluster)
    case node(Node)
    case secret(Secret)
    case config(Config)
    case service(Service)
    case task(SwarmTask)

    public var kind: ObjectKind {
        switch self {
        case .cluster: .cluster
        case .node: .node
        case .secret: .secret
        case .config: .config
        case .service: .service
        case .task: .task
        }
    }
}
