import GRPCCore
import Synchronization

/// Raised once, when a transport's server begins to stop, to end the long-lived calls in
/// flight (Raft streams, heartbeat sessions): peers keep those open for as long as they run, so
/// a graceful shutdown would otherwise wait for them forever. Ending them lets the server stop
/// without cancelling its accept loops, which would drop streams that peers opened meanwhile.
final class ShutdownSignal: Sendable {
    private struct State {
        var isRaised = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// Ends every call running under `endingAtShutdown`, and every one that starts later.
    func raise() {
        let waiters = state.withLock { state in
            state.isRaised = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Runs `call` until it returns, or until the signal is raised: then the call is cancelled
    /// and the peer gets `unavailable`, so it goes to another manager or tries again later.
    func endingAtShutdown<Value: Sendable>(_ call: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await call() }
            group.addTask {
                await self.wait()
                return nil
            }
            defer { group.cancelAll() }
            guard case .some(.some(let value)) = try await group.next() else {
                throw RPCError(code: .unavailable, message: "this manager is shutting down")
            }
            return value
        }
    }

    /// Returns once the signal is raised, or when the calling task is cancelled.
    private func wait() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let raisedOrCancelled = state.withLock { state in
                    guard !state.isRaised, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if raisedOrCancelled { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
