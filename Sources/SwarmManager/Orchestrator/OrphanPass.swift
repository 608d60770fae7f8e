import Foundation
import SwarmState

/// One pass that marks ORPHANED the tasks whose ending will never be heard: those not yet
/// ended on a node that has been down for Docker's 24 hours (counted from the node's last
/// change, which its going down was). They are ended from then on, for the orchestrators, the
/// task reaper and the history; the node's later reports cannot move them back. Tasks that
/// ended keep the ending their node reported.
struct OrphanPass {
    /// How long a node may be down before its unfinished tasks are orphaned.
    static let downLimit: TimeInterval = 24 * 60 * 60

    private(set) var actions: [StoreAction] = []
    /// When the next down node reaches the limit, when the pass must run again.
    private(set) var wakeAt: Date?

    init(tables: StoreTables, now: Date) {
        for node in tables.nodes.all where node.status.state == .down {
            let due = node.meta.updatedAt.addingTimeInterval(Self.downLimit)
            guard due <= now else {
                wakeAt = min(wakeAt ?? due, due)
                continue
            }
            for var task in tables.tasks.unorderedObjects(indexedBy: SwarmTask.nodeIndexKey(node.id)) where !task.status.state.isTerminal {
                task.status = SwarmTask.Status(
                    timestamp: now, state: .orphaned, message: "orphaned", error: "its node has been down for more than 24 hours",
                    container: task.status.container
                )
                actions.append(.update(.task(task), expected: task.meta.version))
            }
        }
    }
}
