import Synchronization

/// How a node's dispatcher sessions are going, shared with the session's answer handler: whether
/// they are failing (so that a run of failures, and the recovery, are each reported once), and
/// how long to wait before the next session. The wait is one second after the first failure,
/// doubling with each further one up to `maximumWait`, each drawn at random between half and all
/// of it, so that thousands of nodes failing at once (a manager overloaded by a burst of joins, a
/// failover) do not all come back in the same second and fail again. An answer resets it.
public final class SessionRetry: Sendable {
    public static let firstWait = Duration.seconds(1)
    public static let maximumWait = Duration.seconds(16)

    private let state = Mutex((failing: false, failures: 0))

    public init() {}

    /// Records an answer; returns whether sessions were failing until now.
    public func answered() -> Bool {
        state.withLock { state in
            defer { state = (false, 0) }
            return state.failing
        }
    }

    /// Records a failed session: whether sessions were fine until now, and how long to wait.
    public func failed() -> (wasFine: Bool, wait: Duration) {
        state.withLock { state in
            let wasFine = !state.failing
            state.failing = true
            state.failures += 1
            let full = min(Self.firstWait * (1 << min(state.failures - 1, 4)), Self.maximumWait)
            return (wasFine, full * Double.random(in: 0.5...1))
        }
    }
}
