import Synchronization

/// The streams of commits handed to watchers, each for the kinds of object it asked for.
/// Applying never waits for a watcher, and wakes only those a commit concerns: each stream
/// keeps the newest commits only (a watcher re-reads the store, so a dropped commit loses
/// nothing but the hint), unless its watcher asked for every commit.
final class StoreWatchers: Sendable {
    private struct Watcher {
        let kinds: Set<ObjectKind>
        let continuation: AsyncStream<StoreCommit>.Continuation
    }

    private static let bufferedCommitLimit = 256
    private let watchers = Mutex<[Int: Watcher]>([:])
    private let nextID = Atomic<Int>(0)

    func stream(of kinds: Set<ObjectKind>, everyCommit: Bool) -> AsyncStream<StoreCommit> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: StoreCommit.self, bufferingPolicy: everyCommit ? .unbounded : .bufferingNewest(Self.bufferedCommitLimit))
        let id = nextID.add(1, ordering: .relaxed).newValue
        continuation.onTermination = { [weak self] _ in
            _ = self?.watchers.withLock { $0.removeValue(forKey: id) }
        }
        watchers.withLock { $0[id] = Watcher(kinds: kinds, continuation: continuation) }
        return stream
    }

    /// Hands `commit` to the watchers of any kind it touches.
    func publish(_ commit: StoreCommit) {
        let concerned = watchers.withLock { watchers in
            watchers.values.filter { !$0.kinds.isDisjoint(with: commit.kinds) }.map(\.continuation)
        }
        for continuation in concerned {
            continuation.yield(commit)
        }
    }
}
