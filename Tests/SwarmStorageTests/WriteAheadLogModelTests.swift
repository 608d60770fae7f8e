import RaftTypes
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

/// Random sequences of append, truncate, compact (snapshot) and reopen, checked after every step
/// against a plain in-memory model of what the log must hold.
@Suite("Write-ahead log agrees with a model")
struct WriteAheadLogModelTests {
    /// What the log must hold: the oracle, as simple as possible.
    struct Model {
        var compactedThrough: UInt64 = 0
        var compactedTerm: UInt64 = 0
        var entries: [LogEntry] = []
        var hardState = HardState.initial

        var firstIndex: UInt64 { compactedThrough + 1 }
        var lastIndex: UInt64 { compactedThrough + UInt64(entries.count) }

        mutating func append(_ new: [LogEntry]) {
            guard let first = new.first else { return }
            entries.removeLast(Int(lastIndex + 1 - first.index.rawValue))
            entries += new
        }

        mutating func truncate(from index: UInt64) {
            entries.removeLast(Int(lastIndex + 1 - max(index, firstIndex)))
        }

        mutating func compact(through index: UInt64, term: UInt64) {
            if index >= lastIndex { entries.removeAll() } else { entries.removeFirst(Int(index - compactedThrough)) }
            compactedThrough = index
            compactedTerm = term
        }

        func term(at index: UInt64) -> UInt64? {
            if index == compactedThrough { return compactedTerm }
            guard index > compactedThrough, index <= lastIndex else { return nil }
            return entries[Int(index - compactedThrough - 1)].term.rawValue
        }
    }

    @Test("300 random operations per run agree with the model after every step", arguments: 0..<4)
    func randomOperations(run: Int) async throws {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let seed = random.seed
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        var log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        var model = Model()
        var term: UInt64 = 1
        for step in 0..<300 {
            let context = "seed \(seed), run \(run), step \(step)"
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<55:
                // Append a few entries, sometimes replacing part of the tail (a new leader).
                let replaces = Bool.random(using: &random) && model.lastIndex >= model.firstIndex
                let first = replaces ? UInt64.random(in: model.firstIndex...(model.lastIndex + 1), using: &random) : model.lastIndex + 1
                if replaces { term += 1 }
                let entries = (first..<(first + UInt64.random(in: 1...8, using: &random))).map {
                    LogEntry(
                        index: LogIndex($0), term: Term(term), kind: Bool.random(using: &random) ? .normal : .configurationChange,
                        data: random.bytes(count: Int.random(in: 0...3000, using: &random))
                    )
                }
                let hardState = Bool.random(using: &random)
                    ? HardState(term: Term(term), vote: RaftMemberID(UInt64.random(in: 1...5, using: &random)), commit: LogIndex(model.compactedThrough))
                    : nil
                try await log.append(entries: entries, hardState: hardState)
                model.append(entries)
                if let hardState { model.hardState = hardState }
            case 55..<70:
                let from = UInt64.random(in: model.firstIndex...(model.lastIndex + 1), using: &random)
                try await log.truncateSuffix(from: LogIndex(from))
                model.truncate(from: from)
            case 70..<85:
                // A snapshot up to an applied entry, or (sometimes) one received beyond the log.
                let beyond = Int.random(in: 0..<5, using: &random) == 0
                let through = beyond
                    ? model.lastIndex + UInt64.random(in: 1...20, using: &random)
                    : UInt64.random(in: model.compactedThrough...max(model.compactedThrough, model.lastIndex), using: &random)
                let compactedTerm = model.term(at: through) ?? term
                try await log.compact(through: LogIndex(through), term: Term(compactedTerm))
                model.compact(through: max(through, model.compactedThrough), term: through > model.compactedThrough ? compactedTerm : model.compactedTerm)
            default:
                log.close()
                log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
                #expect(log.recoveryReport.isClean, "\(context): \(log.recoveryReport)")
            }
            #expect(log.firstIndex == LogIndex(model.firstIndex), "\(context)")
            #expect(log.lastIndex == LogIndex(model.lastIndex), "\(context)")
            #expect(log.hardState == model.hardState, "\(context)")
            #expect(log.term(at: LogIndex(model.compactedThrough)) == Term(model.compactedTerm), "\(context)")
            #expect(try log.entries(in: LogIndex(model.firstIndex)..<LogIndex(model.lastIndex + 1)) == model.entries, "\(context)")
        }
        log.close()
    }
}
