/// Where a service's tasks may run: Docker's `TaskTemplate.Placement`.
public struct Placement: Hashable, Sendable, Codable {
    /// How tasks are spread: over the values of a node label (`node.labels.zone`).
    public struct Preference: Hashable, Sendable, Codable {
        /// `spread=<descriptor>`.
        public struct Spread: Hashable, Sendable, Codable {
            public var spreadDescriptor: String

            public init(spreadDescriptor: String) {
                self.spreadDescriptor = spreadDescriptor
            }

            enum CodingKeys: String, CodingKey { case spreadDescriptor = "SpreadDescriptor" }
        }

        public var spread: Spread?

        public init(spread: Spread?) {
            self.spread = spread
        }

        enum CodingKeys: String, CodingKey { case spread = "Spread" }
    }

    /// An operating system and architecture the image runs on.
    public struct Platform: Hashable, Sendable, Codable {
        public var architecture: String?
        public var os: String?

        public init(architecture: String?, os: String?) {
            self.architecture = architecture
            self.os = os
        }

        enum CodingKeys: String, CodingKey { case architecture = "Architecture", os = "OS" }
    }

    /// `node.labels.zone==east`-style expressions, all of which a node must meet.
    public var constraints: [String]?
    public var preferences: [Preference]?
    /// Most tasks of the service on one node (0: no limit).
    public var maxReplicas: UInt64?
    public var platforms: [Platform]?

    public init(constraints: [String]? = nil, preferences: [Preference]? = nil, maxReplicas: UInt64? = nil) {
        self.constraints = constraints
        self.preferences = preferences
        self.maxReplicas = maxReplicas
    }

    enum CodingKeys: String, CodingKey {
        case constraints = "Constraints", preferences = "Preferences", maxReplicas = "MaxReplicas", platforms = "Platforms"
    }
}
