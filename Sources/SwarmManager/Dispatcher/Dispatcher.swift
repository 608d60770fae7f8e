import SwarmState
public import SwarmTransport

/// Keeps nodes' status. Every manager with a leader answers heartbeats; one that does not lead
/// reports the nodes it heard from to the leader every tenth of a period, so the leader, which
/// alone marks nodes down, knows of every heartbeat while serving only its share of sessions. A
/// worker's heartbeat makes it ready, and a manager is ready while its Raft peers reach it;
/// three periods without either (Swarm's grace) make a node down with "heartbeat failure". The
/// leader marks nodes down only after it has led for three periods itself, so a new leader does
/// not mark down nodes whose heartbeats went to its predecessor. Who leads, and where the
/// managers are, is looked up every tenth of a period, not for every heartbeat.
public actor Dispatcher: HeartbeatReceiver {
    /// Periods without a heartbeat after which a node is down (Swarm's `GracePeriodMultiplier`).
    public static let missedPeriodLimit = 3

    private let control: ControlAPI
    private let raftMemberID: UInt64
    private let leader: @Sendable () async -> UInt64?
    private let isReachable: @Sendable (_ raftMemberID: UInt64) -> Bool
    private let report: @Sendable (_ nodeIDs: [String], _ leaderAddress: String) async throws -> Void
    private var lastHeard: [NodeID: ContinuousClock.Instant] = [:]
    /// On a manager that does not lead: the nodes heard from since the last report.
    private var heardSinceReport: Set<String> = []
    private var leadingSince: ContinuousClock.Instant?
    /// The leader and the managers as of the latest tick.
    private var view: (leader: UInt64?, managers: [Node.ManagerStatus])?

    /// A dispatcher on the manager that is Raft member `raftMemberID`; `leader` tells who leads
    /// now, `isReachable` whether another manager answers this one, `report` sends the leader
    /// the nodes this manager heard from.
    public init(
        control: ControlAPI, raftMemberID: UInt64, leader: @escaping @Sendable () async -> UInt64?,
        isReachable: @escaping @Sendable (_ raftMemberID: UInt64) -> Bool,
        report: @escaping @Sendable (_ nodeIDs: [String], _ leaderAddress: String) async throws -> Void
    ) {
        self.control = control
        self.raftMemberID = raftMemberID
        self.leader = leader
        self.isReachable = isReachable
        self.report = report
    }

    /// The heartbeat period the cluster's spec sets.
    private var period: Duration {
        .nanoseconds(control.store.current.cluster?.spec.dispatcher.heartbeatPeriod ?? ClusterSpec.Dispatcher().heartbeatPeriod)
    }

    public func heartbeat(from nodeID: String) async throws(HeartbeatRefusal) -> HeartbeatAnswer {
        let id = NodeID(rawValue: nodeID)
        guard let node = control.store.current.nodes[id] else {
            throw HeartbeatRefusal(.unknownNode, "node \(nodeID) is not in the swarm (it was removed): leave the swarm on it and join again")
        }
        let (leader, managers) = await currentView()
        guard let leader, let leaderAddress = managers.first(where: { $0.raftMemberID == leader })?.address else {
            throw HeartbeatRefusal(.unavailable, "this manager knows no Raft leader now; try another manager")
        }
        lastHeard[id] = .now
        if leader != raftMemberID { heardSinceReport.insert(nodeID) }
        if node.status.state != .ready {
            // A failed write (a concurrent update, a lost leadership) is retried on the next heartbeat.
            try? await control.setNodeStatus(node, to: .ready, message: "")
        }
        return HeartbeatAnswer(
            period: period, leaderAddress: leaderAddress, managerAddresses: managers.map(\.address),
            desiredRole: node.spec.role == .manager ? .manager : .worker
        )
    }

    public func heard(_ nodeIDs: [String]) {
        let now = ContinuousClock.now
        for nodeID in nodeIDs { lastHeard[NodeID(rawValue: nodeID)] = now }
    }

    /// Runs until cancelled: every tenth of a period, reports or checks nodes.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: period / 10)
            view = nil
            let (leader, managers) = await currentView()
            if leader == raftMemberID {
                await checkNodes()
            } else {
                leadingSince = nil
                await reportHeard(to: managers.first { $0.raftMemberID == leader }?.address)
            }
        }
    }

    /// The leader and the managers, looked up once per tick.
    private func currentView() async -> (leader: UInt64?, managers: [Node.ManagerStatus]) {
        if let view { return view }
        let looked = (await leader(), control.raftMembers().compactMap(\.managerStatus))
        view = looked
        return looked
    }

    /// Sends the leader the nodes heard from since the last report (kept for the next if it
    /// fails).
    private func reportHeard(to leaderAddress: String?) async {
        guard let leaderAddress, !heardSinceReport.isEmpty else { return }
        let nodeIDs = heardSinceReport
        heardSinceReport = []
        do {
            try await report(Array(nodeIDs), leaderAddress)
        } catch {
            heardSinceReport.formUnion(nodeIDs)
        }
    }

    private func checkNodes() async {
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
