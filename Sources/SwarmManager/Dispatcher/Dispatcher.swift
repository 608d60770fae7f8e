import SwarmState
public import SwarmTransport

/// Keeps nodes' status, on the leader: a worker's heartbeat makes it ready, and a manager is
/// ready while its Raft peers reach it; three periods without either (Swarm's grace) make a node
/// down with "heartbeat failure". A manager that does not lead names the leader to the node,
/// which takes its heartbeats there.
/// The leader marks nodes down only after it has led for three periods itself, so a new leader
/// does not mark down nodes that were heartbeating to its predecessor. Who leads, and where the
/// managers are, is looked up every tenth of a period, not for every heartbeat. Heartbeats are
/// answered at once; the status changes they and the checks observe are written together every
/// tick, a few hundred nodes per transaction (so thousands of nodes arriving at once cost a
/// handful of Raft entries, not one each).
public actor Dispatcher: HeartbeatReceiver {
    /// Periods without a heartbeat after which a node is down (Swarm's `GracePeriodMultiplier`).
    public static let missedPeriodLimit = 3
    /// Nodes per status transaction (a node is ~2 KB; a Raft entry holds 3 MiB).
    static let statusBatchLimit = 256

    private let control: ControlAPI
    private let raftMemberID: UInt64
    private let leader: @Sendable () async -> UInt64?
    private let isReachable: @Sendable (_ raftMemberID: UInt64) -> Bool
    private var lastHeard: [NodeID: ContinuousClock.Instant] = [:]
    private var leadingSince: ContinuousClock.Instant?
    /// The leader and the managers as of the latest tick.
    private var view: (leader: UInt64?, managers: [Node.ManagerStatus])?
    /// Status changes observed since the last tick's write.
    private var observed: [NodeID: NodeStatusChange] = [:]

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
        if node.status.state != .ready { observed[id] = .ready }
        return answer
    }

    /// Runs until cancelled, checking nodes and writing what changed every tenth of a period.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: period / 10)
            view = nil
            await checkNodes()
            await writeObserved()
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
            observed = [:]
            return
        }
        let now = ContinuousClock.now
        let since = leadingSince ?? now
        leadingSince = since
        let grace = period * Self.missedPeriodLimit
        for node in control.store.current.nodes.unordered {
            if let member = node.managerStatus?.raftMemberID, member == raftMemberID || isReachable(member) {
                lastHeard[node.id] = now
                if node.status.state != .ready { observed[node.id] = .ready }
                continue
            }
            let last = lastHeard[node.id].map { max($0, since) } ?? since
            guard node.status.state != .down, now - last > grace else { continue }
            observed[node.id] = .heartbeatFailure
        }
    }

    /// Writes the observed changes the nodes do not show yet. A batch that fails (a node
    /// changed meanwhile, leadership lost) is observed again: by the next heartbeat, or the next
    /// check.
    private func writeObserved() async {
        let nodes = control.store.current.nodes
        let changes = observed.compactMap { id, status in nodes[id].flatMap { status.isShown(by: $0) ? nil : ($0, status) } }
        observed = [:]
        for start in stride(from: 0, to: changes.count, by: Self.statusBatchLimit) {
            try? await control.setNodeStatuses(Array(changes[start..<min(changes.count, start + Self.statusBatchLimit)]))
        }
    }
}
