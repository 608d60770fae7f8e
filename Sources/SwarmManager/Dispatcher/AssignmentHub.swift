import SwarmState
import SwarmTransport

/// Every node's assignment stream, fed from one watch of the store: each commit's changed tasks
/// are routed to the streams of the nodes they were or are placed on, so a commit costs what it
/// changed, not a look at every node. A stream starts with its node's complete set; a snapshot
/// restore (anything may have changed) sends every stream what differs from what it sent.
/// Changes are held for `coalescingWindow` after the first, so that a burst of commits (the
/// scheduler's transactions) reaches each node as one message rather than one per commit.
actor AssignmentHub {
    /// How long changes wait for more before they are sent.
    static let coalescingWindow = Duration.milliseconds(50)

    /// One message of a stream, before its tasks are encoded (each stream encodes its own, so
    /// that the work spreads over threads instead of queueing here).
    struct Batch: Sendable {
        let isComplete: Bool
        let tasks: [SwarmTask]
        let removed: [String]

        var encoded: AssignmentBatch {
            AssignmentBatch(isComplete: isComplete, updatedTasks: tasks.map(\.wireBytes), removedTaskIDs: removed)
        }
    }

    /// One subscribed stream: its node, what it was sent (task ID → version), its continuation.
    private struct Feed {
        let node: NodeID
        var sent: [TaskID: ObjectVersion]
        let continuation: AsyncStream<Batch>.Continuation
    }

    private let store: SwarmStore
    private var feeds: [Int: Feed] = [:]
    private var feedsByNode: [NodeID: Set<Int>] = [:]
    /// The feeds that were sent each task (and not told of its removal).
    private var holders: [TaskID: Set<Int>] = [:]
    private var nextFeed = 0
    /// Changes not yet sent, by feed: the latest of each task updated, and the tasks removed.
    private var unsent: [Int: (updated: [TaskID: SwarmTask], removed: Set<String>)] = [:]
    private var sending: Task<Void, Never>?

    init(store: SwarmStore) {
        self.store = store
    }

    /// The assignments of `node`: its complete set now, then its changes.
    func subscribe(_ node: NodeID) -> AsyncStream<Batch> {
        let (stream, continuation) = AsyncStream.makeStream(of: Batch.self)
        let assigned = Self.assigned(to: node, in: store.current)
        continuation.yield(Batch(isComplete: true, tasks: assigned, removed: []))
        let id = nextFeed
        nextFeed += 1
        feeds[id] = Feed(node: node, sent: Dictionary(uniqueKeysWithValues: assigned.map { ($0.id, $0.meta.version) }), continuation: continuation)
        feedsByNode[node, default: []].insert(id)
        for task in assigned { holders[task.id, default: []].insert(id) }
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(id) } }
        return stream
    }

    /// Ends every stream (this manager stopped leading): nodes ask the new leader.
    func endAll() {
        for feed in feeds.values { feed.continuation.finish() }
        unsent = [:]
        feeds = [:]
        feedsByNode = [:]
        holders = [:]
    }

    /// Routes commits to the streams until cancelled; `isLeader` is asked at each commit, and
    /// every stream ends when this manager no longer leads.
    func run(isLeader: @escaping @Sendable () async -> Bool) async {
        for await commit in store.commits(touching: [.task], everyCommit: true) {
            guard !feeds.isEmpty else { continue }
            guard await isLeader() else {
                endAll()
                continue
            }
            route(commit)
        }
    }

    private func route(_ commit: StoreCommit) {
        let tables = store.current
        guard let changed = commit.changes?[.task] else {
            for id in Array(feeds.keys) { resend(feed: id, tables: tables) }
            return
        }
        // A task goes to the feeds of the node it is on, and to the feeds that were sent it (it
        // may have left their node, or been deleted).
        var byFeed: [Int: [TaskID]] = [:]
        for text in changed {
            let id = TaskID(rawValue: text)
            let onNode = tables.tasks[id]?.nodeID.flatMap { feedsByNode[$0] } ?? []
            for feedID in onNode.union(holders[id] ?? []) { byFeed[feedID, default: []].append(id) }
        }
        for (feedID, ids) in byFeed { update(feed: feedID, with: ids, tables: tables) }
    }

    /// Sends each feed its unsent changes as one message.
    private func sendUnsent() {
        sending = nil
        for (id, changes) in unsent {
            feeds[id]?.continuation.yield(Batch(isComplete: false, tasks: Array(changes.updated.values), removed: changes.removed.sorted()))
        }
        unsent = [:]
    }

    /// Records for feed `id` what changed of tasks `ids`, to be sent at the end of the
    /// coalescing window. (The feed is changed where it is stored: a copy of it would copy its
    /// `sent` on the first change.)
    private func update(feed id: Int, with ids: [TaskID], tables: StoreTables) {
        guard let node = feeds[id]?.node else { return }
        for taskID in Set(ids) {
            if let task = tables.tasks[taskID], task.nodeID == node, task.status.state >= .assigned {
                guard feeds[id]!.sent.updateValue(task.meta.version, forKey: taskID) != task.meta.version else { continue }
                holders[taskID, default: []].insert(id)
                unsent[id, default: ([:], [])].updated[taskID] = task
                unsent[id]!.removed.remove(taskID.rawValue)
            } else if feeds[id]!.sent.removeValue(forKey: taskID) != nil {
                holders[taskID]?.remove(id)
                if holders[taskID]?.isEmpty == true { holders[taskID] = nil }
                unsent[id, default: ([:], [])].removed.insert(taskID.rawValue)
                unsent[id]!.updated[taskID] = nil
            }
        }
        guard unsent[id] != nil, sending == nil else { return }
        sending = Task {
            try? await Task.sleep(for: Self.coalescingWindow)
            self.sendUnsent()
        }
    }

    /// Sends feed `id` what differs between its node's tasks now and what it was sent.
    private func resend(feed id: Int, tables: StoreTables) {
        guard let feed = feeds[id] else { return }
        let now = Self.assigned(to: feed.node, in: tables).map(\.id)
        update(feed: id, with: now + Array(feed.sent.keys), tables: tables)
    }

    private func unsubscribe(_ id: Int) {
        unsent[id] = nil
        guard let feed = feeds.removeValue(forKey: id) else { return }
        for taskID in feed.sent.keys {
            holders[taskID]?.remove(id)
            if holders[taskID]?.isEmpty == true { holders[taskID] = nil }
        }
        feedsByNode[feed.node]?.remove(id)
        if feedsByNode[feed.node]?.isEmpty == true { feedsByNode[feed.node] = nil }
    }

    /// The tasks placed on `node`, from `assigned` on.
    private static func assigned(to node: NodeID, in tables: StoreTables) -> [SwarmTask] {
        tables.tasks.unorderedObjects(indexedBy: SwarmTask.nodeIndexKey(node)).filter { $0.status.state >= .assigned }
    }
}
