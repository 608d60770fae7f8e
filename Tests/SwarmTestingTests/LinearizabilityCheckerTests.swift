import SwarmTesting
import Testing

@Suite("Linearizability checker for key-value histories")
struct LinearizabilityCheckerTests {
    @Test("histories some order explains are linearizable", arguments: NamedHistory.linearizable)
    func linearizable(history: NamedHistory) {
        #expect(LinearizabilityChecker.check(history.operations) == .linearizable)
    }

    @Test("a get overlapping two concurrent puts may read either value", arguments: ["a", "b"])
    func getOverlappingConcurrentPuts(valueRead: String) {
        let history = [
            put(client: 1, "a", 0...100),
            put(client: 2, "b", 10...90),
            get(client: 3, valueRead, 50...150),
        ]
        #expect(LinearizabilityChecker.check(history) == .linearizable)
    }

    @Test("histories no order explains are violations on their key", arguments: NamedHistory.nonLinearizable)
    func violation(history: NamedHistory) {
        #expect(LinearizabilityChecker.check(history.operations).violatedKey == "x")
    }

    @Test("a violation's explanation names the clients, values and times it could not order")
    func explanationNamesTheContext() throws {
        let verdict = LinearizabilityChecker.check(NamedHistory.staleRead.operations)
        let explanation = try #require(verdict.explanation)
        #expect(explanation.contains(#"client 1 put "a" [+0…+10]; client 2 put "b" [+20…+30]"#), "\(explanation)")
        #expect(explanation.contains(#"the register then holds "b""#), "\(explanation)")
        #expect(explanation.contains(#"client 3 get → "a" [+40…+50] must take effect"#), "\(explanation)")
    }

    @Test("operations on different keys do not constrain each other")
    func keysAreIndependent() {
        let history = [
            put(client: 1, key: "x", "a", 0...10),
            put(client: 2, key: "y", "b", 20...30),
            get(client: 3, key: "x", "a", 40...50),
            get(client: 3, key: "y", "b", 60...70),
        ]
        #expect(LinearizabilityChecker.check(history) == .linearizable)
    }

    @Test("a violation on one key names that key, not the others")
    func violationNamesItsKey() {
        let history = [
            put(client: 1, key: "x", "a", 0...10),
            put(client: 2, key: "y", "b", 20...30),
            get(client: 3, key: "x", "a", 40...50),
            get(client: 3, key: "y", "a", 60...70),
            get(client: 1, key: "z", nil, 80...90),
        ]
        #expect(LinearizabilityChecker.check(history).violatedKey == "y")
    }

    @Test("a recorded history reports operations never completed as unknown")
    func recorderReportsUncompletedAsUnknown() {
        let recorder = KeyValueHistoryRecorder()
        let write = recorder.invoke(client: 1, key: "x", kind: .put(value: "a"))
        recorder.complete(write, outcome: .ok(value: nil))
        let read = recorder.invoke(client: 2, key: "x", kind: .get)
        recorder.complete(read, outcome: .ok(value: "a"))
        _ = recorder.invoke(client: 3, key: "x", kind: .put(value: "b"))
        let operations = recorder.operations
        #expect(operations.map(\.outcome) == [.ok(value: nil), .ok(value: "a"), .unknown])
        #expect(operations.map { $0.completedAt == nil } == [false, false, true])
        #expect(operations[0].invokedAt <= operations[0].completedAt ?? 0)
        #expect(LinearizabilityChecker.check(operations) == .linearizable)
    }

    /// The checker's own time limit (30 s) is a budget, not the claim: under a loaded test run
    /// a 1 s budget left it undecided.
    @Test("a large random linearizable history is reported linearizable")
    func largeRandomHistory() {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let seed = random.seed
        let history = RandomRegisterHistory.make(using: &random)
        #expect(LinearizabilityChecker.check(history) == .linearizable, "seed \(seed)")
    }

    @Test("the same history with one get reading an overwritten value is a violation on its key")
    func largeRandomHistoryWithStaleRead() throws {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let seed = random.seed
        var history = RandomRegisterHistory.make(using: &random)
        let staleRead = try #require(RandomRegisterHistory.staleRead(in: history), "seed \(seed)")
        history[staleRead.index].outcome = .ok(value: staleRead.value)
        let verdict = LinearizabilityChecker.check(history)
        #expect(verdict.violatedKey == history[staleRead.index].key, "seed \(seed)")
    }
}

/// A hand-written history on key "x", named for the case it shows.
struct NamedHistory: Sendable, CustomTestStringConvertible {
    let name: String
    let operations: [KeyValueOperation]

    var testDescription: String { name }

    static let linearizable = [
        NamedHistory(name: "sequential puts and gets", operations: [
            get(client: 1, nil, 0...10),
            put(client: 1, "a", 20...30),
            get(client: 2, "a", 40...50),
            put(client: 2, "b", 60...70),
            get(client: 1, "b", 80...90),
        ]),
        NamedHistory(name: "an unanswered put read later", operations: [
            unansweredPut(client: 1, "a", invokedAt: 0),
            get(client: 2, nil, 10...20),
            get(client: 2, "a", 30...40),
            get(client: 3, "a", 50...60),
        ]),
        NamedHistory(name: "an unanswered put never read", operations: [
            unansweredPut(client: 1, "a", invokedAt: 0),
            get(client: 2, nil, 10...20),
            put(client: 3, "b", 30...40),
            get(client: 2, "b", 50...60),
        ]),
        NamedHistory(name: "a failed put never read", operations: [
            failedPut(client: 1, "a", 0...10),
            get(client: 2, nil, 20...30),
        ]),
    ]

    static let staleRead = NamedHistory(name: "a get after two puts reads the first", operations: [
        put(client: 1, "a", 0...10),
        put(client: 2, "b", 20...30),
        get(client: 3, "a", 40...50),
    ])

    static let nonLinearizable = [
        staleRead,
        NamedHistory(name: "a get reads a value never written", operations: [
            put(client: 1, "a", 0...10),
            get(client: 2, "z", 20...30),
        ]),
        NamedHistory(name: "an acknowledged put is lost", operations: [
            put(client: 1, "a", 0...10),
            get(client: 2, nil, 20...30),
        ]),
        NamedHistory(name: "an unanswered put is read before its invocation", operations: [
            get(client: 1, "a", 0...10),
            unansweredPut(client: 2, "a", invokedAt: 20),
        ]),
        NamedHistory(name: "an unanswered put is read, then gone", operations: [
            unansweredPut(client: 1, "a", invokedAt: 0),
            get(client: 2, "a", 10...20),
            get(client: 3, nil, 30...40),
        ]),
        NamedHistory(name: "a failed put is read", operations: [
            failedPut(client: 1, "a", 0...10),
            get(client: 2, "a", 20...30),
        ]),
        NamedHistory(name: "a later get of another client reads an older value", operations: [
            put(client: 1, "a", 0...10),
            put(client: 2, "b", 20...100),
            get(client: 3, "b", 30...40),
            get(client: 4, "a", 50...60),
        ]),
    ]
}

/// Random histories that are linearizable by construction: each client sends one request at a
/// time; every operation that takes effect does so at a random instant inside its interval; the
/// values gets read come from replaying a sequential register in the order of those instants.
enum RandomRegisterHistory {
    /// An operation with the instant it takes effect, `nil` for never.
    private struct Planned {
        var operation: KeyValueOperation
        let takesEffectAt: UInt64?
    }

    /// About 6,000 operations: 100 keys, 3 concurrent clients each, 20 requests per client, with
    /// failed and unanswered requests mixed in.
    static func make(using random: inout SeededRandomNumberGenerator) -> [KeyValueOperation] {
        var history: [KeyValueOperation] = []
        for keyIndex in 0..<100 {
            var planned: [Planned] = []
            for clientIndex in 0..<3 {
                planned += plannedRequests(key: "key-\(keyIndex)", client: keyIndex * 3 + clientIndex, count: 20, using: &random)
            }
            replay(&planned)
            history += planned.map(\.operation)
        }
        return history
    }

    /// An answered get and a value it would read stale: the value of an acknowledged put that
    /// another acknowledged put overwrote before the get was invoked.
    static func staleRead(in history: [KeyValueOperation]) -> (index: Int, value: String)? {
        for (index, read) in history.enumerated().reversed() where read.kind == .get && read.outcome != .unknown {
            let acknowledgedPuts = history.filter { $0.key == read.key && $0.outcome == .ok(value: nil) && $0.kind != .get }
            for newer in acknowledgedPuts where (newer.completedAt ?? .max) < read.invokedAt {
                if let older = acknowledgedPuts.first(where: { ($0.completedAt ?? .max) < newer.invokedAt }),
                    case .put(let value) = older.kind
                {
                    return (index, value)
                }
            }
        }
        return nil
    }

    private static func plannedRequests(
        key: String, client: Int, count: Int, using random: inout SeededRandomNumberGenerator
    ) -> [Planned] {
        var planned: [Planned] = []
        var now = UInt64.random(in: 0..<100, using: &random)
        for sequence in 0..<count {
            let invokedAt = now + UInt64.random(in: 0..<50, using: &random)
            let completedAt = invokedAt + UInt64.random(in: 1...200, using: &random)
            let instant = UInt64.random(in: invokedAt...completedAt, using: &random)
            now = completedAt
            let roll = Int.random(in: 0..<100, using: &random)
            let kind: KeyValueOperation.Kind = roll < 50 ? .put(value: "\(key)/\(client)/\(sequence)") : .get
            // Puts: 40% acknowledged, 4% failed, 6% unanswered; gets: 40% answered, 10% unanswered.
            let (outcome, takesEffectAt): (KeyValueOperation.Outcome, UInt64?) = switch roll {
            case 0..<40, 50..<90: (.ok(value: nil), instant)
            case 40..<44: (.failed, nil)
            default: (.unknown, Bool.random(using: &random) ? instant : nil)
            }
            let operation = KeyValueOperation(
                client: client, key: key, kind: kind, invokedAt: invokedAt, outcome: outcome,
                completedAt: outcome == .unknown ? nil : completedAt
            )
            planned.append(Planned(operation: operation, takesEffectAt: takesEffectAt))
        }
        return planned
    }

    /// Fills in what each answered get read, replaying the register in effect order.
    private static func replay(_ planned: inout [Planned]) {
        var register: String?
        let effectOrder = planned.indices.filter { planned[$0].takesEffectAt != nil }.sorted {
            (planned[$0].takesEffectAt ?? .max, $0) < (planned[$1].takesEffectAt ?? .max, $1)
        }
        for index in effectOrder {
            switch (planned[index].operation.kind, planned[index].operation.outcome) {
            case (.put(let value), _):
                register = value
            case (.get, .ok):
                planned[index].operation.outcome = .ok(value: register)
            case (.get, _):
                continue
            }
        }
    }
}

private func put(client: Int, key: String = "x", _ value: String, _ interval: ClosedRange<UInt64>) -> KeyValueOperation {
    KeyValueOperation(
        client: client, key: key, kind: .put(value: value), invokedAt: interval.lowerBound, outcome: .ok(value: nil),
        completedAt: interval.upperBound
    )
}

private func get(client: Int, key: String = "x", _ value: String?, _ interval: ClosedRange<UInt64>) -> KeyValueOperation {
    KeyValueOperation(
        client: client, key: key, kind: .get, invokedAt: interval.lowerBound, outcome: .ok(value: value),
        completedAt: interval.upperBound
    )
}

private func failedPut(client: Int, _ value: String, _ interval: ClosedRange<UInt64>) -> KeyValueOperation {
    KeyValueOperation(
        client: client, key: "x", kind: .put(value: value), invokedAt: interval.lowerBound, outcome: .failed,
        completedAt: interval.upperBound
    )
}

private func unansweredPut(client: Int, _ value: String, invokedAt: UInt64) -> KeyValueOperation {
    KeyValueOperation(client: client, key: "x", kind: .put(value: value), invokedAt: invokedAt, outcome: .unknown, completedAt: nil)
}

extension LinearizabilityVerdict {
    /// The key of a violation; `nil` for any other verdict.
    var violatedKey: String? {
        if case .violation(let key, _) = self { key } else { nil }
    }

    /// The explanation of a violation; `nil` for any other verdict.
    var explanation: String? {
        if case .violation(_, let explanation) = self { explanation } else { nil }
    }
}
