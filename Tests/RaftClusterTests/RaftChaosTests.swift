import Foundation
import SwarmTesting
import Testing

/// Five raft-kv processes under faults — kill -9 and restart, SIGSTOP and SIGCONT, network
/// partitions between loopback addresses (nftables) — while clients write and read keys
/// through every member. The recorded history must be linearizable: no acknowledged write
/// lost, no stale read through read index. `RAFT_CHAOS_SECONDS` sets how long faults last at
/// least (45 s by default); on a loaded machine they go on until enough operations were
/// checked, for at most three times as long. `SWARMD_SEED` replays a fault schedule.
@Suite("Raft chaos across processes", .serialized)
struct RaftChaosTests {
    static let memberIDs: [UInt64] = [1, 2, 3, 4, 5]
    static let keys = (0..<12).map { "key-\($0)" }
    static let clientCount = 8
    static let requiredAcknowledged = 100
    static let requiredReadsWithValues = 50

    @Test("the history of puts and reads under kill -9, pauses and partitions is linearizable")
    func historyIsLinearizable() async throws {
        let seconds = Int(ProcessInfo.processInfo.environment["RAFT_CHAOS_SECONDS"] ?? "") ?? 45
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let cluster = try RaftKVCluster(capacity: Self.memberIDs.count, label: "chaos", withNetworkFaults: true)
        let faults = try #require(cluster.faults, "network faults need root, nft and cgroup v2 (tools/install-deps.sh installs nftables)")
        try cluster.bootstrap(Self.memberIDs)
        _ = try await cluster.waitForLeader()

        let history = KeyValueHistoryRecorder()
        let window = ChaosWindow(minimum: .seconds(seconds), maximum: .seconds(3 * seconds), history: history)
        let clientSeeds = (0..<Self.clientCount).map { _ in random.next() }
        let nemesisSeed = random.next()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<Self.clientCount {
                group.addTask {
                    var random = SeededRandomNumberGenerator(seed: clientSeeds[client])
                    await Self.runClient(client, cluster: cluster, history: history, until: window, random: &random)
                }
            }
            group.addTask {
                var nemesis = ChaosNemesis(cluster: cluster, faults: faults, random: SeededRandomNumberGenerator(seed: nemesisSeed))
                try await nemesis.run(until: window)
            }
            try await group.waitForAll()
        }

        // Everything back; then every key read once more through the leader, so that a lost
        // acknowledged write shows as a violation.
        faults.heal()
        for id in Self.memberIDs where !cluster[id].isRunning { try cluster.start(id) }
        for id in Self.memberIDs { cluster[id].resume() }
        let leader = try await cluster.waitForLeader(timeout: .seconds(30))
        for key in Self.keys {
            var answered = false
            for _ in 0..<20 where !answered {
                let operation = history.invoke(client: Self.clientCount, key: key, kind: .get)
                let outcome = Self.outcome(await cluster[leader].client.get(key: key)) { .ok(value: $0) }
                history.complete(operation, outcome: outcome)
                if case .ok = outcome { answered = true } else { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(answered, "the healed cluster never answered the final read of \(key)")
        }

        let operations = history.operations
        let progress = ChaosProgress(operations)
        let unknown = operations.filter { $0.outcome == .unknown }.count
        print("raft chaos (seed \(random.seed)): \(operations.count) operations, \(progress.acknowledged) acknowledged, \(unknown) unknown, \(progress.readsWithValues) reads returned a value")
        #expect(progress.acknowledged >= Self.requiredAcknowledged, "only \(progress.acknowledged) of \(operations.count) operations succeeded: the cluster made too little progress")
        #expect(progress.readsWithValues >= Self.requiredReadsWithValues, "only \(progress.readsWithValues) reads returned a value: too little was checked")
        let verdict = LinearizabilityChecker.check(operations, timeLimit: .seconds(60))
        #expect(verdict == .linearizable, "seed \(random.seed): \(verdict)")
    }

    private static func runClient(
        _ client: Int, cluster: RaftKVCluster, history: KeyValueHistoryRecorder, until window: ChaosWindow,
        random: inout SeededRandomNumberGenerator
    ) async {
        var written = 0
        while !window.isOver {
            let key = keys.randomElement(using: &random)!
            let member = memberIDs.randomElement(using: &random)!
            let target = RaftKVClient(host: cluster[member].host, port: cluster[member].httpPort, timeout: .seconds(2))
            if Bool.random(using: &random) {
                written += 1
                let value = "c\(client)-\(written)"
                let operation = history.invoke(client: client, key: key, kind: .put(value: value))
                history.complete(operation, outcome: outcome(await target.put(key: key, value: value)) { _ in .ok(value: nil) })
            } else {
                let operation = history.invoke(client: client, key: key, kind: .get)
                history.complete(operation, outcome: outcome(await target.get(key: key)) { .ok(value: $0) })
            }
        }
    }

    private static func outcome<Value>(
        _ answer: RaftKVClient.Outcome<Value>, _ success: (Value) -> KeyValueOperation.Outcome
    ) -> KeyValueOperation.Outcome {
        switch answer {
        case .ok(let value): success(value)
        case .refused: .failed
        case .unknown: .unknown
        }
    }
}

/// The fault schedule: every one to three seconds, one fault among kill -9 (restarted later),
/// SIGSTOP (resumed later) and a partition of one or two members (healed later); at most two
/// members are faulty at once, so a majority can always make progress between faults.
struct ChaosNemesis {
    let cluster: RaftKVCluster
    let faults: NetworkFaults
    var random: SeededRandomNumberGenerator

    mutating func run(until window: ChaosWindow) async throws {
        let ids = RaftChaosTests.memberIDs
        let addresses = Dictionary(uniqueKeysWithValues: ids.map { ($0, cluster[$0].host) })
        while !window.isOver {
            let victims = Set(ids.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)))
            let fault = Int.random(in: 0..<3, using: &random)
            switch fault {
            case 0: for id in victims { cluster[id].kill() }
            case 1: for id in victims { cluster[id].pause() }
            default: faults.isolate(victims, from: addresses)
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 1000...3000, using: &random)))
            switch fault {
            case 0: for id in victims { try cluster.start(id) }
            case 1: for id in victims { cluster[id].resume() }
            default: faults.heal()
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 500...1500, using: &random)))
        }
    }
}

/// How much of a chaos history can be checked: acknowledged operations, and reads that
/// returned a value.
struct ChaosProgress {
    let acknowledged: Int
    let readsWithValues: Int

    init(_ operations: [KeyValueOperation]) {
        acknowledged = operations.filter { if case .ok = $0.outcome { true } else { false } }.count
        readsWithValues = operations.filter { if case .ok(.some) = $0.outcome, $0.kind == .get { true } else { false } }.count
    }
}

/// When clients and faults stop: not before `minimum`, then as soon as the history holds
/// enough to check, and at `maximum` whatever it holds.
struct ChaosWindow: Sendable {
    let start = ContinuousClock.now
    let minimum: Duration
    let maximum: Duration
    let history: KeyValueHistoryRecorder

    var isOver: Bool {
        let elapsed = ContinuousClock.now - start
        if elapsed >= maximum { return true }
        guard elapsed >= minimum else { return false }
        let progress = ChaosProgress(history.operations)
        return progress.acknowledged >= RaftChaosTests.requiredAcknowledged
            && progress.readsWithValues >= RaftChaosTests.requiredReadsWithValues
    }
}
