import Foundation
import SwarmState
public import SwarmTransport

/// The log broker, on the leader: it hands each subscription to the agents of the nodes that
/// run the tasks it names (every listening node when following, since new tasks may land
/// anywhere) and passes their lines on to the subscriber. Lines are accepted only for tasks the
/// store assigns to the publishing node. Without following, a subscription ends once every node
/// it went to has published all it has or hung up; nodes that cannot be asked are named in a
/// warning.
public actor LogBroker: LogBrokering {
    /// A subscriber's subscription while it is open.
    private struct OpenSubscription {
        let subscription: LogSubscription
        let continuation: AsyncStream<LogEvent>.Continuation
        /// The nodes that have not yet published all they have (without following).
        var pendingNodes: Set<NodeID>
    }

    /// A node's agent listening for subscriptions (the latest stream per node).
    private struct Listener {
        let token: UUID
        let continuation: AsyncStream<LogSubscription>.Continuation
    }

    private let control: ControlAPI
    private let leader: @Sendable () async -> (isLeader: Bool, address: String?)
    private var listeners: [NodeID: Listener] = [:]
    private var subscriptions: [String: OpenSubscription] = [:]

    /// A broker reading tasks from `control`'s store; `leader` says whether this manager leads,
    /// and where the leader is.
    public init(control: ControlAPI, leader: @escaping @Sendable () async -> (isLeader: Bool, address: String?)) {
        self.control = control
        self.leader = leader
    }

    public func subscribe(_ selector: LogSelector, options: LogOptions) async throws(RequestRefusal) -> LogFeed {
        let (isLeader, address) = await leader()
        guard isLeader else {
            guard let address else { throw RequestRefusal(.unavailable, "this manager knows no Raft leader now; try again in a moment") }
            return .redirect(leaderAddress: address)
        }
        let tables = control.store.current
        let selected = selector.serviceIDs.flatMap { tables.tasks.unorderedObjects(indexedBy: SwarmTask.serviceIndexKey(ServiceID(rawValue: $0))) }
            + selector.taskIDs.compactMap { tables.tasks[TaskID(rawValue: $0)] }
        let nodesWithTasks = Set(selected.compactMap(\.nodeID))
        let targets = options.follow ? Set(listeners.keys) : nodesWithTasks.intersection(listeners.keys)
        let subscription = LogSubscription(id: UUID().uuidString, selector: selector, options: options)
        let (stream, continuation) = AsyncStream.makeStream(of: LogEvent.self)
        for node in nodesWithTasks.subtracting(listeners.keys).sorted(by: { $0.rawValue < $1.rawValue }) {
            continuation.yield(.warning("node \(node) is not connected: the logs of its tasks are missing"))
        }
        subscriptions[subscription.id] = OpenSubscription(subscription: subscription, continuation: continuation, pendingNodes: targets)
        continuation.onTermination = { [weak self] _ in Task { await self?.close(subscription.id) } }
        for node in targets { listeners[node]?.continuation.yield(subscription) }
        if !options.follow, targets.isEmpty { continuation.finish() }
        return .stream(stream)
    }

    public func listen(nodeID: String) async -> AsyncStream<LogSubscription>? {
        guard await leader().isLeader else { return nil }
        let node = NodeID(rawValue: nodeID)
        let token = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: LogSubscription.self)
        listeners[node]?.continuation.finish()
        listeners[node] = Listener(token: token, continuation: continuation)
        continuation.onTermination = { [weak self] _ in Task { await self?.stopListening(node, token: token) } }
        // Following subscriptions take in nodes that start listening later.
        for open in subscriptions.values where open.subscription.options.follow { continuation.yield(open.subscription) }
        return stream
    }

    public func publish(_ lines: [LogLine], subscriptionID: String, from nodeID: String, closing: Bool) async -> Bool {
        guard var open = subscriptions[subscriptionID] else { return false }
        let node = NodeID(rawValue: nodeID)
        let tasks = control.store.current.tasks
        let accepted = lines.compactMap { line -> LogLine? in
            guard let task = tasks[TaskID(rawValue: line.taskID)], task.nodeID == node, open.subscription.selector.selects(taskID: task.id.rawValue, serviceID: task.serviceID.rawValue) else { return nil }
            var line = line
            line.nodeID = nodeID
            line.serviceID = task.serviceID.rawValue
            return line
        }
        if !accepted.isEmpty { open.continuation.yield(.lines(accepted)) }
        if closing { finishNode(node, of: &open) }
        subscriptions[subscriptionID] = open
        return true
    }

    /// Node `node` has published all it has for `open`; the last one ends a subscription that
    /// does not follow.
    private func finishNode(_ node: NodeID, of open: inout OpenSubscription) {
        open.pendingNodes.remove(node)
        if open.pendingNodes.isEmpty, !open.subscription.options.follow { open.continuation.finish() }
    }

    /// The subscriber is gone: the nodes still publishing are told to stop.
    private func close(_ id: String) {
        guard let open = subscriptions.removeValue(forKey: id) else { return }
        var closed = open.subscription
        closed.isClosed = true
        for listener in listeners.values { listener.continuation.yield(closed) }
    }

    /// A node's agent hung up: it publishes nothing more for the subscriptions waiting on it.
    private func stopListening(_ node: NodeID, token: UUID) {
        guard listeners[node]?.token == token else { return }
        listeners[node] = nil
        for id in subscriptions.keys {
            guard var open = subscriptions[id], open.pendingNodes.contains(node) else { continue }
            open.continuation.yield(.warning("node \(node) hung up before sending all of its tasks' logs"))
            finishNode(node, of: &open)
            subscriptions[id] = open
        }
    }
}
