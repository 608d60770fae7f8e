/// How a service is reached: Docker's `EndpointSpec` (virtual IP or DNS round robin, and the
/// ports it publishes). Kept as given; the routing mesh that serves it is its own part.
public struct EndpointSpec: Hashable, Sendable, Codable {
    /// One published port.
    public struct Port: Hashable, Sendable, Codable {
        public var name: String?
        /// `tcp`, `udp` or `sctp`.
        public var `protocol`: String?
        public var targetPort: UInt32?
        public var publishedPort: UInt32?
        /// `ingress` or `host`.
        public var publishMode: String?

        public init(protocol: String? = nil, targetPort: UInt32? = nil, publishedPort: UInt32? = nil, publishMode: String? = nil) {
            self.protocol = `protocol`
            self.targetPort = targetPort
            self.publishedPort = publishedPort
            self.publishMode = publishMode
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name", `protocol` = "Protocol", targetPort = "TargetPort", publishedPort = "PublishedPort", publishMode = "PublishMode"
        }
    }

    /// `vip` or `dnsrr`.
    public var mode: String?
    public var ports: [Port]?

    public init(mode: String? = nil, ports: [Port]? = nil) {
        self.mode = mode
        self.ports = ports
    }

    enum CodingKeys: String, CodingKey { case mode = "Mode", ports = "Ports" }
}
