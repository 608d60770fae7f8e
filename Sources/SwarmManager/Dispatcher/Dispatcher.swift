import SwarmState
public import SwarmTransport

/// Keeps nodes' status, on the leader: a worker's heartbeat makes it ready, and a manager is
/// ready while its Raft peers reach it; three periods without either (Swarm's grace) make a node
/// down with "heartbeat failure". A manager that does not lead names the leader to the node,
/// which takes its heartbeats there.
/// The leader marks nodes down only after it has led for three periods itself, so a new leader
/// does not mark down nodes that were heartbeating to its predecessor. Who leads, and where the
/// managers are, is looked up every tenth of a period, not for every heartbeat.
public actor Dispatcher: HeartbeatReceiver {
    /// Periods without a heartbeat after which a node is down (Swarm's `GracePeriodMultiplier`).
    public static let missedPeriodLimit = 3

    private let control: ControlAPI
    private let raftMemberID: UInt64
    private let leader: @Sendable () async -> UInt64?
    private let isReachable: @Sendable (_ raftMemberID: UInt64) -> Bool
    private var lastHeard: [NodeID: ContinuousClock.Instant] = [:]
    private var leadingSince: ContinuousClock.Instant?
    /// The leader and the managers as of the latest tick.
    private var view: (leader: UInt64?, managers: [Node.ManagerStatus])?

    /// A dispatcher on the manager that is Raft member `raftMemberID`; `leader` tells who leads
    /// now, `isReachable` whether another manager answers this one.
    public init(
        control: ControlAPI, raftMemberID: UInt64, leader: @escaping @Sendable () async -> UInt64?,
        isReachable: @escaping @Sendable (_ raftMemberID: UInt64) -> Bool
    ) {
        self.control = control
        self.raftMemberID = raftMemberID
        self.leader = leader
        self.isReachable = isReachable
    }

    /// The heartbeat period the cluster's spec sets.
    private var period: Duration {
        .nanoseconds(control.store.current.cluster?.spec.dispatcher.heartbeatPeriod ?? ClusterSpec.Dispatcher().heartbeatPeriod)
    }

    public func heartbeat(from nodeID: String) async throws(RequestRefusal) -> HeartbeatAnswer {
        let id = NodeID(rawValue: nodeID)
        guard let node = control.store.current.nodes[id] else {
            throw RequestRefusal(.unknownNode, "node \(nodeID) is not in the swarm (it was removed): leave the swarm on it and join again")
        }
        let (leader, managers) = await currentView()
        var answer = HeartbeatAnswer(
            period: period, leaderAddress: nil, managerAddresses: managers.map(\.address), desiredRole: node.spec.role.transportRole
        )
        guard let leader else {
            throw RequestRefusal(.unavailable, "this manager knows no Raft leader now; try another manager")
        }
        guard leader == raftMemberID else {
            guard let address = managers.first(where: { $0.raftMemberID == leader })?.address else {
                throw RequestRefusal(.unavailable, "this manager does not know the leader's address yet; try another manager")
            }
            answer.leaderAddress = address
            return answer
        }
        lastHeard[id] = .now
        if node.status.state != .ready {
            // A failed write (a concurrent update, a lost leadership) is retried on the next heartbeat.
            try? await control.setNodeStatus(node, to: .ready, message: "")
        }
        return answer
    }

    /// Runs until cancelled, checking nodes every tenth of a period.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: period / 10)
            view = nil
            await checkNodes()
        }
    }

    /// The leader and the managers, looked up once per tick.
    private func currentView() async -> (leader: UInt64?, managers: [Node.ManagerStatus]) {
        if let view { return view }
        let looked = (await leader(), control.raftMembers().compactMap(\.managerStatus))
        view = looked
        return looked
    }

    private func checkNodes() async {
        guard await currentView().leader == raftMemberID else {
            leadingSince = nil
            return
        }
        let now = ContinuousClock.now
        let since = leadingSince ?? now
        leadingSince = since
        let grace = period * Self.missedPeriodLimit
        for node in control.store.current.nodes.unordered {
            if let member = node.managerStatus?.raftMemberID, member == raftMemberID || isReachable(member) {
                lastHeard[node.id] = now
                if node.status.state != .ready { try? await control.setNodeStatus(node, to: .ready, message: "") }
                continue
            }
            let last = lastHeard[node.id].map { max($0, since) } ?? since
            guard node.status.state != .down, now - last > grace else { continue }
            try? await control.setNodeStatus(node, to: .down, message: "heartbeat failure")
        }
    }
}
