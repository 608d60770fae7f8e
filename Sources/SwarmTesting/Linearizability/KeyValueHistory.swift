import Synchronization

/// One client request against a key-value store, as a linearizability checker sees it: what was
/// asked, when it was sent, and what came back when.
///
/// Times are nanoseconds on one monotonic clock shared by every client of a history; only their
/// order matters. An operation takes effect, if at all, at one instant between `invokedAt` and
/// `completedAt`.
public struct KeyValueOperation: Sendable, Hashable {
    /// What the client asked for.
    public enum Kind: Sendable, Hashable {
        /// Set the key to `value`.
        case put(value: String)
        /// Read the key.
        case get
    }

    /// What the client learned about the request.
    public enum Outcome: Sendable, Hashable {
        /// The store answered. For a get, `value` is what it read (`nil`: the key was absent); for
        /// a put, `value` is `nil`.
        case ok(value: String?)
        /// The operation definitely did not take effect (for example, refused before it was
        /// proposed).
        case failed
        /// No answer (timeout, lost connection): the operation may have taken effect at any
        /// instant after its invocation, or never.
        case unknown
    }

    /// The client that sent the request, named in explanations.
    public var client: Int
    /// The key the request names.
    public var key: String
    /// What the client asked for.
    public var kind: Kind
    /// When the client sent the request, in nanoseconds.
    public var invokedAt: UInt64
    /// What the client learned.
    public var outcome: Outcome
    /// When the client learned `outcome`, in nanoseconds; `nil` when the outcome is `.unknown`.
    public var completedAt: UInt64?

    /// An operation; `completedAt` must be set, and no earlier than `invokedAt`, unless `outcome`
    /// is `.unknown`.
    public init(client: Int, key: String, kind: Kind, invokedAt: UInt64, outcome: Outcome, completedAt: UInt64?) {
        self.client = client
        self.key = key
        self.kind = kind
        self.invokedAt = invokedAt
        self.outcome = outcome
        self.completedAt = completedAt
    }
}

/// Records a key-value history from concurrent clients for `LinearizabilityChecker`.
///
/// A client calls `invoke(client:key:kind:)` just before it sends a request and
/// `complete(_:outcome:)` once it knows the outcome. An operation never completed (the client gave
/// up, or the test ended first) is reported as `.unknown`. Times are nanoseconds of
/// `ContinuousClock` since the recorder was created. Safe to call from any thread.
public final class KeyValueHistoryRecorder: Sendable {
    private let origin = ContinuousClock.now
    private let recorded = Mutex<[KeyValueOperation]>([])

    /// A recorder with an empty history.
    public init() {}

    /// Records that `client` is about to send `kind` on `key`, and returns the operation's id for
    /// `complete(_:outcome:)`.
    public func invoke(client: Int, key: String, kind: KeyValueOperation.Kind) -> Int {
        let operation = KeyValueOperation(
            client: client, key: key, kind: kind, invokedAt: elapsedNanoseconds(), outcome: .unknown, completedAt: nil
        )
        return recorded.withLock { operations in
            operations.append(operation)
            return operations.count - 1
        }
    }

    /// Records the outcome of operation `id`, stamped with the current time unless it is
    /// `.unknown`. An operation is completed at most once with a known outcome.
    public func complete(_ id: Int, outcome: KeyValueOperation.Outcome) {
        let completedAt = elapsedNanoseconds()
        recorded.withLock { operations in
            precondition(operations.indices.contains(id), "operation \(id) was never invoked")
            precondition(operations[id].outcome == .unknown, "operation \(id) was already completed")
            operations[id].outcome = outcome
            operations[id].completedAt = outcome == .unknown ? nil : completedAt
        }
    }

    /// Every operation recorded so far, in invocation order; those not completed are `.unknown`.
    public var operations: [KeyValueOperation] {
        recorded.withLock { $0 }
    }

    private func elapsedNanoseconds() -> UInt64 {
        let (seconds, attoseconds) = origin.duration(to: .now).components
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
