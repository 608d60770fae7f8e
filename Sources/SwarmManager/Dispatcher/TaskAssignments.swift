import SwarmState
public import SwarmTransport

/// The dispatcher's task side, on the leader: each node's assignments (the tasks placed on it,
/// from `assigned` on, whatever their desired state: the node needs to hear that one should
/// stop) as a complete set and then the changes each commit brings, and the statuses nodes
/// report, recorded through Raft. A status never goes backwards, and a node can only report on
/// its own tasks.
public struct TaskAssignments: TaskDispatch {
    /// Status transactions retried after a conflict (a task changed between read and commit).
    static let writeAttempts = 3

    private let control: ControlAPI
    private let leader: @Sendable () async -> (isLeader: Bool, address: String?)
    private let hub: AssignmentHub

    /// Assignments from `control`'s store; `leader` says whether this manager leads, and where
    /// the leader is. Streams are fed while `run()` runs.
    public init(control: ControlAPI, leader: @escaping @Sendable () async -> (isLeader: Bool, address: String?)) {
        self.control = control
        self.leader = leader
        self.hub = AssignmentHub(store: control.store)
    }

    /// Feeds the assignment streams until cancelled.
    public func run() async {
        await hub.run { [leader] in await leader().isLeader }
    }

    public func assignments(for nodeID: String) async throws(RequestRefusal) -> AssignmentSubscription {
        let node = NodeID(rawValue: nodeID)
        guard control.store.current.nodes[node] != nil else {
            throw RequestRefusal(.unknownNode, "node \(nodeID) is not in the swarm (it was removed): leave the swarm on it and join again")
        }
        let (isLeader, address) = await leader()
        guard isLeader else { return .redirect(leaderAddress: try Self.known(address)) }
        let batches = await hub.subscribe(node)
        let (stream, continuation) = AsyncStream.makeStream(of: AssignmentBatch.self)
        let encoder = Task {
            for await batch in batches { continuation.yield(batch.encoded) }
            continuation.finish()
        }
        continuation.onTermination = { _ in encoder.cancel() }
        return .stream(stream)
    }

    public func reportStatuses(_ reports: [TaskStatusReport], from nodeID: String) async throws(RequestRefusal) -> String? {
        let node = NodeID(rawValue: nodeID)
        var statuses: [(TaskID, SwarmTask.Status)] = []
        for report in reports {
            guard let status = try? SwarmTask.Status(wireBytes: report.status) else {
                throw RequestRefusal(.invalidRequest, "the status of task \(report.taskID.prefix(40)) is not a task status")
            }
            statuses.append((TaskID(rawValue: report.taskID), status))
        }
        let (isLeader, address) = await leader()
        guard isLeader else { return try Self.known(address) }
        for attempt in 1...Self.writeAttempts {
            let actions = try Self.statusUpdates(statuses, from: node, in: control.store.current)
            guard !actions.isEmpty else { return nil }
            do {
                for transaction in control.transactions(of: actions) { try await control.write(transaction) }
                return nil
            } catch where error.kind == .conflict && attempt < Self.writeAttempts {
                continue
            } catch {
                throw RequestRefusal(.unavailable, "the task statuses could not be recorded: \(error); report them again")
            }
        }
        return nil
    }

    /// The updates that record `statuses`, skipping tasks that are gone and statuses that are
    /// not news (the same, or a state the task has passed).
    private static func statusUpdates(
        _ statuses: [(TaskID, SwarmTask.Status)], from node: NodeID, in tables: StoreTables
    ) throws(RequestRefusal) -> [StoreAction] {
        var latest: [TaskID: SwarmTask.Status] = [:]
        for (id, status) in statuses { latest[id] = status }
        var actions: [StoreAction] = []
        for (id, status) in latest {
            guard var task = tables.tasks[id] else { continue }
            guard task.nodeID == node else {
                throw RequestRefusal(.foreignTask, "task \(id) is not assigned to node \(node): a node reports on its own tasks only")
            }
            guard status.state >= task.status.state, status != task.status else { continue }
            task.status = status
            actions.append(.update(.task(task), expected: task.meta.version))
        }
        return actions
    }

    /// The leader's address, to send a node to; refused while no leader is known.
    private static func known(_ leaderAddress: String?) throws(RequestRefusal) -> String {
        guard let leaderAddress else { throw RequestRefusal(.unavailable, "this manager knows no Raft leader now; try another manager") }
        return leaderAddress
    }
}
