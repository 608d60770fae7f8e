import Synchronization

/// Messages waiting to go to one peer. Senders never block: beyond `capacity` the oldest are
/// dropped (Raft resends what matters), so a peer that is down costs bounded memory. One task
/// at a time takes them (`next`), whichever stream is open to the peer at the moment.
final class PeerOutbox: Sendable {
    private struct State {
        var pending: [Swarmd_Raft_V1_Message] = []
        var waiter: CheckedContinuation<[Swarmd_Raft_V1_Message]?, Never>?
        var isClosed = false
        /// The reader's task was cancelled before it could register: it must not wait.
        var isReaderCancelled = false
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    func add(_ messages: [Swarmd_Raft_V1_Message]) {
        let woken: (CheckedContinuation<[Swarmd_Raft_V1_Message]?, Never>, [Swarmd_Raft_V1_Message])? = state.withLock { state in
            guard !state.isClosed else { return nil }
            state.pending.append(contentsOf: messages)
            if state.pending.count > capacity { state.pending.removeFirst(state.pending.count - capacity) }
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            defer { state.pending = [] }
            return (waiter, state.pending)
        }
        if let (waiter, batch) = woken { waiter.resume(returning: batch) }
    }

    /// Everything pending, waiting for something if nothing is; nil once closed or when the
    /// calling task is cancelled (a stream that broke off).
    func next() async -> [Swarmd_Raft_V1_Message]? {
        await withTaskCancellationHandler {
            await waitForMessages()
        } onCancel: {
            let waiter = state.withLock { state in
                state.isReaderCancelled = state.waiter == nil
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    private func waitForMessages() async -> [Swarmd_Raft_V1_Message]? {
        await withCheckedContinuation { continuation in
            let ready: [Swarmd_Raft_V1_Message]?? = state.withLock { state in
                if state.isClosed { return .some(nil) }
                if state.isReaderCancelled {
                    state.isReaderCancelled = false
                    return .some(nil)
                }
                guard state.pending.isEmpty else {
                    defer { state.pending = [] }
                    return .some(state.pending)
                }
                precondition(state.waiter == nil, "PeerOutbox: one reader at a time")
                state.waiter = continuation
                return .none
            }
            if case .some(let batch) = ready { continuation.resume(returning: batch) }
        }
    }

    var isClosed: Bool { state.withLock { $0.isClosed } }

    func close() {
        let waiter = state.withLock { state in
            state.isClosed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }
}
