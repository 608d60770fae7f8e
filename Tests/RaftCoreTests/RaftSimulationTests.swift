import Foundation
import RaftCore
import RaftTypes
import Testing

/// Seeded simulations of whole groups (`RaftSimulation`): thousands of runs of 3 and 5 members
/// under message loss, duplication, reordering, partitions, crashes, membership changes and
/// snapshots (taken at random, sent to followers that fell behind).
/// A failing run prints the command that replays it; a run that traps leaves its seed in
/// `$TMPDIR/raft-simulation-seed`.
@Suite("Raft simulation")
struct RaftSimulationTests {
    static let environment = ProcessInfo.processInfo.environment
    /// `SWARMD_SEED` replays that one seed; otherwise `RAFT_SIMULATION_RUNS` runs (default
    /// 1,000; 20,000 for a long run) from seed 1.
    static let replayedSeed = environment["SWARMD_SEED"].flatMap(UInt64.init)
    static let runCount = environment["RAFT_SIMULATION_RUNS"].flatMap(Int.init) ?? (replayedSeed == nil ? 1_000 : 1)
    static let firstSeed = replayedSeed ?? 1
    static let chaosSteps = 3_000
    static let healingStepLimit = 30_000
    /// Mostly 3 and 5 members; 1, 2 and 4 now and then for the edge cases of small quorums.
    static let memberCounts = [3, 5, 3, 5, 1, 2, 4]
    /// Where the seed being run is left, for runs that trap before they can report.
    static let seedFile = FileManager.default.temporaryDirectory.appendingPathComponent("raft-simulation-seed").path

    /// One run: chaos, then healing; nil when it kept every property and made progress.
    /// What one run did, and the first property it broke.
    struct Outcome: Equatable {
        var violation: String?
        var committed: Int
        var reads: Int
        var membershipChanges: Int
        var snapshotsInstalled: Int
    }

    static func run(seed: UInt64) -> Outcome {
        var simulation = RaftSimulation(seed: seed, memberCount: memberCounts[Int(seed % UInt64(memberCounts.count))])
        let violation = simulation.run(steps: chaosSteps) ?? simulation.heal(limit: healingStepLimit)
        return Outcome(
            violation: violation.map { "after \(simulation.stepCount) steps: \($0)" },
            committed: simulation.committedCount, reads: simulation.readsConfirmed, membershipChanges: simulation.membershipChanges,
            snapshotsInstalled: simulation.snapshotsInstalled
        )
    }

    @Test("every seeded run keeps election safety, log matching, leader completeness, state machine safety and fresh reads, and recovers once healed")
    func seededRuns() {
        var committed = 0
        var reads = 0
        var membershipChanges = 0
        var snapshotsInstalled = 0
        for seed in Self.firstSeed..<(Self.firstSeed + UInt64(Self.runCount)) {
            // A trap (a failed precondition) ends the process before any report: leave the seed.
            try? String(seed).write(toFile: Self.seedFile, atomically: false, encoding: .utf8)
            let outcome = Self.run(seed: seed)
            committed += outcome.committed
            reads += outcome.reads
            membershipChanges += outcome.membershipChanges
            snapshotsInstalled += outcome.snapshotsInstalled
            if let violation = outcome.violation {
                Issue.record(
                    """
                    seed \(seed): \(violation)
                    replay: SWARMD_SEED=\(seed) swift test --filter RaftSimulationTests
                    """
                )
                return
            }
        }
        #expect(committed > Self.runCount * 20, "the runs committed too little to test anything: \(committed) entries in \(Self.runCount) runs")
        #expect(reads > Self.runCount * 5, "the runs confirmed too few reads to test anything: \(reads) in \(Self.runCount) runs")
        #expect(membershipChanges > Self.runCount / 2, "the runs changed membership too rarely: \(membershipChanges) in \(Self.runCount) runs")
        #expect(snapshotsInstalled > Self.runCount / 10, "followers installed too few snapshots: \(snapshotsInstalled) in \(Self.runCount) runs")
        try? FileManager.default.removeItem(atPath: Self.seedFile)
    }

    @Test("a run replays exactly from its seed")
    func runsAreDeterministic() {
        #expect(Self.run(seed: 42) == Self.run(seed: 42))
    }
}
