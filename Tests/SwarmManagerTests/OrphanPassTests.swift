import Foundation
import Testing
@testable import SwarmManager
import SwarmState

/// Tasks of a node down for 24 hours become ORPHANED (unfinished ones only), not before, and
/// the pass says when to look again.
struct OrphanPassTests {
    typealias World = OrchestrationPassTests.World
    static let start = OrchestrationPassTests.start

    @Test func unfinishedTasksOfANodeDownForADayAreOrphaned() throws {
        var world = try World(OrchestrationPassTests.service(replicas: 2))
        try world.orchestrate(at: Self.start)
        try world.report(slot: 1, .running, at: Self.start)
        try world.report(slot: 2, .failed, at: Self.start)
        var node = world.tables.nodes.all[0]
        node.status.state = .down
        node.meta.updatedAt = Self.start.addingTimeInterval(3600)
        try world.apply([.update(.node(node), expected: node.meta.version)])

        let early = OrphanPass(tables: world.tables, now: Self.start.addingTimeInterval(3600 + OrphanPass.downLimit - 1))
        #expect(early.actions.isEmpty)
        #expect(early.wakeAt == Self.start.addingTimeInterval(3600 + OrphanPass.downLimit))

        let due = OrphanPass(tables: world.tables, now: Self.start.addingTimeInterval(3600 + OrphanPass.downLimit))
        try world.apply(due.actions)
        let states = world.tables.tasks.unordered.filter { $0.nodeID == node.id }.sorted { $0.slot < $1.slot }.map(\.status.state)
        #expect(states == [.orphaned, .failed], "the running task is orphaned, the failed one keeps its ending")
        #expect(OrphanPass(tables: world.tables, now: Self.start.addingTimeInterval(4 * OrphanPass.downLimit)).actions.isEmpty, "orphaned once")
    }

    @Test func aReadyNodesTasksAreNeverOrphaned() throws {
        var world = try World(OrchestrationPassTests.service(replicas: 1))
        try world.orchestrate(at: Self.start)
        try world.report(slot: 1, .running, at: Self.start)
        let pass = OrphanPass(tables: world.tables, now: Self.start.addingTimeInterval(10 * OrphanPass.downLimit))
        #expect(pass.actions.isEmpty && pass.wakeAt == nil)
    }
}
