public import Logging
public import RaftCore
public import RaftTypes
public import SwarmStorage
public import SwarmTransport
import Synchronization

/// One member of a Raft group on this host: the Raft core driven by a serial loop over the
/// encrypted storage, the mTLS transport and a replicated state machine.
///
/// Callers propose commands (`propose`, answered with the state machine's reply once the entry
/// is applied here, whichever member leads), wait for a linearizable read point (`readBarrier`),
/// change the group (`changeMembership`) or hand leadership over (`transferLeadership`). The
/// loop ticks every `tickInterval`, persists before sending (the leader sends while it
/// persists), applies in log order, and snapshots by entry count and log size.
public final class RaftNode: Sendable, RaftMessageReceiver {
    /// This member.
    public let id: RaftMemberID
    private let inbox: RaftNodeInbox
    private let tasks: Mutex<(loop: Task<Void, Never>?, ticker: Task<Void, Never>?)> = Mutex((nil, nil))

    /// Restores the member from `storage` (snapshot, then the log after it) and starts its loop
    /// and clock. A member whose storage is empty starts as the founding group `bootstrap` when
    /// given (every founder must pass the same set), or else as a newcomer that learns the group
    /// from the leader once added. Messages from `transport` reach the node once it returns.
    public static func start(
        configuration: RaftNodeConfiguration,
        storage: RaftStorage,
        stateMachine: any RaftStateMachine,
        transport: RaftTransport,
        bootstrap: Set<RaftMemberID>? = nil,
        logger: Logger = Logger(label: "swarmd.raft")
    ) async throws(RaftNodeError) -> RaftNode {
        let raft = try await RaftNodeRecovery(storage: storage, stateMachine: stateMachine, logger: logger).restore(
            configuration: configuration.raft, bootstrap: bootstrap
        )
        let node = RaftNode(id: configuration.id)
        transport.attach(node)
        let loop = RaftNodeLoop(
            raft: raft, configuration: configuration, storage: storage, stateMachine: stateMachine, transport: transport,
            inbox: node.inbox, logger: logger
        )
        let inbox = node.inbox
        let interval = configuration.tickInterval
        let loopTask = Task { await loop.run() }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard inbox.post(.tick) else { return }
            }
        }
        node.tasks.withLock { $0 = (loopTask, ticker) }
        return node
    }

    private init(id: RaftMemberID) {
        self.id = id
        self.inbox = RaftNodeInbox()
    }

    /// The largest command `propose` takes: with its envelope and framing, an entry must fit
    /// in one transport message (4 MiB at most).
    public static let maximumCommandByteCount = 3 << 20

    /// Proposes `command`; returns the state machine's reply once the entry is applied here.
    ///
    /// - Throws: `.commandTooLarge`, `.refused` (no leader, backlog full, ...), `.timedOut` (the
    ///   outcome is unknown: the command may still be applied), `.stopped`.
    public func propose(_ command: [UInt8]) async throws(RaftNodeError) -> [UInt8] {
        guard command.count <= Self.maximumCommandByteCount else {
            throw .commandTooLarge(byteCount: command.count, limit: Self.maximumCommandByteCount)
        }
        return try await request { .propose(command, $0) }
    }

    /// Returns once this member's state machine reflects every write committed before the call
    /// (read index, Raft §6.4): reading it then is linearizable.
    public func readBarrier() async throws(RaftNodeError) {
        _ = try await request { .read($0) }
    }

    /// Hands leadership to `target` (on the leader); returns once this member sees it lead.
    public func transferLeadership(to target: RaftMemberID) async throws(RaftNodeError) {
        _ = try await request { .transfer(to: target, $0) }
    }

    /// Proposes a membership change (on the leader); returns once its entry is applied here.
    public func changeMembership(_ change: RaftMembershipChange) async throws(RaftNodeError) {
        _ = try await request { .changeMembership(change, $0) }
    }

    /// The state as of a linearizable read point: every write committed before the call is in
    /// it. The state machine is frozen in the loop (an O(1) copy for a copy-on-write state), so
    /// writes pause only for that instant; the caller encodes the image off the loop.
    ///
    /// - Throws: what `readBarrier` throws (no leader, timed out, stopped).
    public func capture() async throws(RaftNodeError) -> RaftStateCapture {
        try await readBarrier()
        let capture = await withCheckedContinuation { continuation in
            if !inbox.post(.capture(continuation)) { continuation.resume(returning: nil) }
        }
        guard let capture else { throw .stopped }
        return capture
    }

    /// The member's current view, or nil once the node stopped.
    public func status() async -> RaftNodeStatus? {
        await withCheckedContinuation { continuation in
            if !inbox.post(.status(continuation)) { continuation.resume(returning: nil) }
        }
    }

    /// Stops the loop and the clock; waiting callers get `.stopped`. The storage stays open.
    public func stop() async {
        inbox.post(.stop)
        let (loop, ticker) = tasks.withLock { ($0.loop, $0.ticker) }
        ticker?.cancel()
        await loop?.value
        await ticker?.value
    }

    // MARK: - RaftMessageReceiver

    public func receive(_ messages: [RaftMessage]) {
        inbox.post(.messages(messages))
    }

    public func receiveSnapshot(_ message: RaftMessage, contents: [UInt8]) {
        inbox.post(.snapshot(message, contents: contents))
    }

    private func request(_ event: (RaftNodeWaiter) -> RaftNodeEvent) async throws(RaftNodeError) -> [UInt8] {
        let result = await withCheckedContinuation { (waiter: RaftNodeWaiter) in
            if !inbox.post(event(waiter)) { waiter.resume(returning: .failure(.stopped)) }
        }
        return try result.get()
    }
}
