import Synchronization

/// The promise of an enqueued append: `waitUntilDurable()` returns once the records are on
/// disk (written and fdatasynced), or throws why they never will be.
///
/// One task waits on a ticket; waiting again after it completed returns the same outcome.
public final class AppendTicket: Sendable {
    private enum State {
        case pending(CheckedContinuation<Result<Void, WriteAheadLogError>, Never>?)
        case completed(Result<Void, WriteAheadLogError>)
    }

    private let state = Mutex(State.pending(nil))

    init() {}

    /// Suspends until the append is durable.
    ///
    /// - Throws: `WriteAheadLogError.failed` when the batch could not be written or synced,
    ///   `.closed` when the log closed first.
    public func waitUntilDurable() async throws(WriteAheadLogError) {
        let result = await withCheckedContinuation { continuation in
            let outcome: Result<Void, WriteAheadLogError>? = state.withLock { state in
                switch state {
                case .completed(let result):
                    return result
                case .pending(let waiting):
                    precondition(waiting == nil, "AppendTicket: only one task may wait on a ticket")
                    state = .pending(continuation)
                    return nil
                }
            }
            if let outcome { continuation.resume(returning: outcome) }
        }
        try result.get()
    }

    /// Records the outcome and wakes the waiter, if any. Later calls are ignored.
    func complete(_ result: Result<Void, WriteAheadLogError>) {
        let waiting = state.withLock { state -> CheckedContinuation<Result<Void, WriteAheadLogError>, Never>? in
            guard case .pending(let waiting) = state else { return nil }
            state = .completed(result)
            return waiting
        }
        waiting?.resume(returning: result)
    }
}
