/// What an operator sets on a node (`docker node update`): Docker's `NodeSpec`.
public struct NodeSpec: Hashable, Sendable, Codable {
    /// The role the node should have.
    public enum Role: String, Sendable, Codable, CaseIterable {
        case worker, manager
    }

    /// Whether the scheduler may place tasks on the node.
    public enum Availability: String, Sendable, Codable, CaseIterable {
        case active, pause, drain
    }

    public var name: String?
    public var labels: Labels
    public var role: Role
    public var availability: Availability

    public init(name: String? = nil, labels: Labels = [:], role: Role, availability: Availability = .active) {
        self.name = name
        self.labels = labels
        self.role = role
        self.availability = availability
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", labels = "Labels", role = "Role", availability = "Availability"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        labels = try container.decodeIfPresent(Labels.self, forKey: .labels) ?? [:]
        role = try container.decode(Role.self, forKey: .role)
        availability = try container.decodeIfPresent(Availability.self, forKey: .availability) ?? .active
    }
}
