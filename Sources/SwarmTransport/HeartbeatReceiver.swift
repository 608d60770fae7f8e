/// What the dispatcher service asks of the manager behind it: record a node's heartbeat and say
/// when the next one is due, or send the node to the leader.
public protocol HeartbeatReceiver: Sendable {
    /// Records that node `nodeID` (as its certificate names it) is alive, on the leader.
    ///
    /// - Throws: a refusal when the node is not (or no longer) in the swarm, or the manager
    ///   cannot take heartbeats now (no leader known, starting).
    func heartbeat(from nodeID: String) async throws(RequestRefusal) -> HeartbeatAnswer
}

/// A manager's answer to a heartbeat.
public struct HeartbeatAnswer: Sendable, Equatable {
    /// When the next heartbeat is due.
    public var period: Duration
    /// Set by a manager that is not the leader: the leader's `host:port`, where heartbeats go
    /// instead (this one was not recorded).
    public var leaderAddress: String?
    /// Every manager's `host:port`, for the node to fail over to.
    public var managerAddresses: [String]
    /// The role the swarm wants the node in.
    public var desiredRole: TransportRole

    public init(period: Duration, leaderAddress: String?, managerAddresses: [String], desiredRole: TransportRole) {
        self.period = period
        self.leaderAddress = leaderAddress
        self.managerAddresses = managerAddresses
        self.desiredRole = desiredRole
    }
}

/// The services a manager adds to its transport's listen address besides Raft.
public struct ManagerServices: Sendable {
    public let issuer: any NodeCertificateIssuer
    public let heartbeats: any HeartbeatReceiver
    public let tasks: any TaskDispatch
    public let logs: any LogBrokering

    public init(issuer: any NodeCertificateIssuer, heartbeats: any HeartbeatReceiver, tasks: any TaskDispatch, logs: any LogBrokering) {
        self.issuer = issuer
        self.heartbeats = heartbeats
        self.tasks = tasks
        self.logs = logs
    }
}
