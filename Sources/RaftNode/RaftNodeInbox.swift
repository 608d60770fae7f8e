import Synchronization

/// The node loop's queue: any thread posts events; the loop takes everything posted since its
/// last look in one batch, so that proposals arriving during a disk write share the next one.
final class RaftNodeInbox: Sendable {
    private let events = Mutex<(pending: [RaftNodeEvent], isClosed: Bool)>(([], false))
    private let wakeup: AsyncStream<Void>.Continuation
    /// Yields once after one or more posts (it never holds more than one wake-up).
    let wakeups: AsyncStream<Void>

    init() {
        (wakeups, wakeup) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues `event`; returns false (dropping it) once the inbox is closed.
    @discardableResult
    func post(_ event: RaftNodeEvent) -> Bool {
        let accepted = events.withLock { state in
            guard !state.isClosed else { return false }
            state.pending.append(event)
            return true
        }
        if accepted { wakeup.yield() }
        return accepted
    }

    /// Everything posted since the last call.
    func takeAll() -> [RaftNodeEvent] {
        events.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
    }

    /// Refuses further posts and returns what was still queued.
    func close() -> [RaftNodeEvent] {
        let remaining = events.withLock { state in
            state.isClosed = true
            defer { state.pending = [] }
            return state.pending
        }
        wakeup.finish()
        return remaining
    }
}
