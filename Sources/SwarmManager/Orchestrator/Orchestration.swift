import Foundation
import Synchronization
import SwarmState

/// The leader-only loop that keeps services true: on every commit that touches services,
/// tasks, nodes or the cluster (and when a restart delay ends), while this manager leads, it
/// runs the orphaning of long-down nodes' tasks, the task reaper, the orchestrators and the
/// scheduler in turn over the store, writing
/// each one's changes before the next one reads. Every pass is computed from the store alone, so
/// a new leader simply carries on; a write that conflicts with another (an agent's status
/// report) is dropped and the next pass computes it again.
public struct Orchestration: Sendable {
    /// How often leadership and due restarts are checked when nothing is committed.
    static let tick = Duration.milliseconds(250)

    private let control: ControlAPI
    private let isLeader: @Sendable () async -> Bool

    /// A loop over `control`'s store that acts while `isLeader` says this manager leads.
    public init(control: ControlAPI, isLeader: @escaping @Sendable () async -> Bool) {
        self.control = control
        self.isLeader = isLeader
    }

    /// Runs until cancelled.
    public func run() async {
        let (wakeUps, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let changed = Atomic<Bool>(true)
        let commits = control.store.commits(touching: [.service, .task, .node, .cluster])
        let forwarder = Task {
            for await _ in commits {
                changed.store(true, ordering: .relaxed)
                continuation.yield()
            }
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.tick)
                continuation.yield()
            }
            continuation.finish()
        }
        defer {
            forwarder.cancel()
            ticker.cancel()
        }
        var wasLeading = false
        var wakeAt: Date?
        for await _ in wakeUps {
            guard await isLeader() else {
                wasLeading = false
                continue
            }
            let due = wakeAt.map { $0 <= control.now() } ?? false
            guard changed.exchange(false, ordering: .relaxed) || !wasLeading || due else { continue }
            wasLeading = true
            wakeAt = await runPasses()
        }
    }

    /// Runs the orphaning of long-down nodes' tasks, the reaper, the orchestrators and the
    /// scheduler once; returns when the next restart delay (or orphaning) is due, if one is.
    private func runPasses() async -> Date? {
        let orphans = OrphanPass(tables: control.store.current, now: control.now())
        await write(orphans.actions)
        await write(TaskReaperPass(tables: control.store.current).actions)
        let orchestration = OrchestrationPass(tables: control.store.current, now: control.now())
        await write(orchestration.actions)
        await write(SchedulingPass(tables: control.store.current, now: control.now()).actions)
        return [orphans.wakeAt, orchestration.wakeAt].compactMap { $0 }.min()
    }

    /// Writes `actions` in transactions proposed all at once, so that Raft persists and
    /// replicates them together rather than one round trip each.
    private func write(_ actions: [StoreAction]) async {
        await withTaskGroup(of: Void.self) { group in
            for transaction in control.transactions(of: actions) {
                group.addTask { _ = try? await control.write(transaction) }
            }
        }
    }
}
