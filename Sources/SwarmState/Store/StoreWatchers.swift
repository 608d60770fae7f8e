import Synchronization

/// The streams of commits handed to watchers. Applying never waits for a watcher: each stream
/// keeps the newest commits only (a watcher re-reads the store, so a dropped commit loses
/// nothing but the hint).
final class StoreWatchers: Sendable {
    private static let bufferedCommitLimit = 256
    private let continuations = Mutex<[Int: AsyncStream<StoreCommit>.Continuation]>([:])
    private let nextID = Atomic<Int>(0)

    func stream() -> AsyncStream<StoreCommit> {
        let (stream, continuation) = AsyncStream.makeStream(of: StoreCommit.self, bufferingPolicy: .bufferingNewest(Self.bufferedCommitLimit))
        let id = nextID.add(1, ordering: .relaxed).newValue
        continuation.onTermination = { [weak self] _ in
            _ = self?.continuations.withLock { $0.removeValue(forKey: id) }
        }
        continuations.withLock { $0[id] = continuation }
        return stream
    }

    func publish(_ commit: StoreCommit) {
        for continuation in continuations.withLock({ Array($0.values) }) {
            continuation.yield(commit)
        }
    }
}
