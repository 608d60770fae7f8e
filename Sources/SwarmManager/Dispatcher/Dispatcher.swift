import SwarmState
public import SwarmTransport

/// Keeps nodes' status from their agents' heartbeats: a heartbeat makes a node ready; three
/// periods without one (Swarm's grace) make it down with "heartbeat failure". Only the leader
/// marks nodes down, and only after it has led for three periods itself, so a new leader does
/// not mark down nodes that were heartbeating to its predecessor.
public actor Dispatcher: HeartbeatReceiver {
    /// Periods without a heartbeat after which a node is down (Swarm's `GracePeriodMultiplier`).
    public static let missedPeriodLimit = 3

    private let control: ControlAPI
    private let isLeader: @Sendable () async -> Bool
    private var lastHeard: [NodeID: ContinuousClock.Instant] = [:]
    private var leadingSince: ContinuousClock.Instant?

    public init(control: ControlAPI, isLeader: @escaping @Sendable () async -> Bool) {
        self.control = control
        self.isLeader = isLeader
    }

    /// The heartbeat period the cluster's spec sets.
    private var period: Duration {
        .nanoseconds(control.store.current.cluster?.spec.dispatcher.heartbeatPeriod ?? ClusterSpec.Dispatcher().heartbeatPeriod)
    }

    public func heartbeat(from nodeID: String) async throws(HeartbeatRefusal) -> Duration {
        let id = NodeID(rawValue: nodeID)
        guard let node = control.store.current.nodes[id] else {
            throw HeartbeatRefusal(.unknownNode, "node \(nodeID) is not in the swarm (it was removed): leave the swarm on it and join again")
        }
        lastHeard[id] = .now
        if node.status.state != .ready {
            // A failed write (no leader, a concurrent update) is retried on the next heartbeat.
            try? await control.setNodeStatus(node, to: .ready, message: "")
        }
        return period
    }

    /// Runs until cancelled, checking for silent nodes every tenth of a period.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: period / 10)
            await markSilentNodesDown()
        }
    }

    private func markSilentNodesDown() async {
        guard await isLeader() else {
            leadingSince = nil
            return
        }
        let now = ContinuousClock.now
        let since = leadingSince ?? now
        leadingSince = since
        let grace = period * Self.missedPeriodLimit
        // Managers' own status is kept by the manager itself until they run agents too.
        for node in control.nodes() where node.managerStatus == nil && node.status.state != .down {
            let last = lastHeard[node.id].map { max($0, since) } ?? since
            guard now - last > grace else { continue }
            try? await control.setNodeStatus(node, to: .down, message: "heartbeat failure")
        }
    }
}
