/// What the dispatcher service asks of the manager behind it: record a node's heartbeat and say
/// when the next one is due.
public protocol HeartbeatReceiver: Sendable {
    /// Records that node `nodeID` (as its certificate names it) is alive.
    ///
    /// - Returns: the period until its next heartbeat.
    /// - Throws: a refusal when the node is not (or no longer) in the swarm, or the manager
    ///   cannot take heartbeats now.
    func heartbeat(from nodeID: String) async throws(HeartbeatRefusal) -> Duration
}

/// Why a heartbeat was refused.
public struct HeartbeatRefusal: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        /// The node is not in the swarm (removed).
        case unknownNode
        /// The manager cannot take heartbeats now (no leader, starting).
        case unavailable
    }

    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}

/// The services a manager adds to its transport's listen address besides Raft.
public struct ManagerServices: Sendable {
    public let issuer: any NodeCertificateIssuer
    public let heartbeats: any HeartbeatReceiver

    public init(issuer: any NodeCertificateIssuer, heartbeats: any HeartbeatReceiver) {
        self.issuer = issuer
        self.heartbeats = heartbeats
    }
}
