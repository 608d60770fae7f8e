import Foundation
import RaftTypes
import SwarmCrypto
import SwarmStorage
import SwarmTesting
import Synchronization
import SystemPackage
import Testing

@Suite("Write-ahead log")
struct WriteAheadLogTests {
    @Test("appended entries and hard state read back, also after reopening")
    func appendAndReopen() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let state = HardState(term: Term(3), vote: RaftMemberID(7), commit: LogIndex(40))
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys)
            #expect(log.firstIndex == LogIndex(1))
            #expect(log.lastIndex == .zero)
            try await log.append(entries: WALFixtures.entries(1...50), hardState: state)
            #expect(log.lastIndex == LogIndex(50))
            #expect(try log.entries(in: LogIndex(1)..<LogIndex(51)) == WALFixtures.entries(1...50))
            log.close()
        }
        let reopened = try WriteAheadLog(directory: directory, keys: WALFixtures.keys)
        #expect(reopened.recoveryReport.isClean)
        #expect(reopened.lastIndex == LogIndex(50))
        #expect(reopened.hardState == state)
        #expect(reopened.term(at: LogIndex(50)) == Term(1))
        #expect(try reopened.entries(in: LogIndex(10)..<LogIndex(20)) == WALFixtures.entries(10...19))
    }

    @Test("entries of every kind and size up to the limit round-trip, across many segments")
    func manySegments() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        var expected: [LogEntry] = []
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
            for index in UInt64(1)...400 {
                let kind: LogEntry.Kind = index.isMultiple(of: 7) ? .configurationChange : .normal
                let entry = LogEntry(index: LogIndex(index), term: Term(index / 100 + 1), kind: kind, data: WALFixtures.data(for: LogIndex(index), byteCount: Int(index % 9) * 300))
                expected.append(entry)
                try await log.append(entries: [entry])
            }
            log.close()
        }
        #expect(try WALFixtures.segments(in: directory).count > 5)
        let reopened = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        #expect(try reopened.entries(in: LogIndex(1)..<LogIndex(401)) == expected)
        #expect(reopened.term(at: LogIndex(399)) == Term(4))
    }

    @Test("truncating a suffix voids it, and a lower index replaces the tail")
    func truncation() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys)
            try await log.append(entries: WALFixtures.entries(1...20))
            try await log.truncateSuffix(from: LogIndex(15))
            #expect(log.lastIndex == LogIndex(14))
            // A new leader's entry 10 of term 2 replaces 10…14.
            try await log.append(entries: WALFixtures.entries(10...12, term: 2))
            #expect(log.lastIndex == LogIndex(12))
            log.close()
        }
        let reopened = try WriteAheadLog(directory: directory, keys: WALFixtures.keys)
        #expect(reopened.lastIndex == LogIndex(12))
        #expect(try reopened.entries(in: LogIndex(8)..<LogIndex(13)) == WALFixtures.entries(8...9) + WALFixtures.entries(10...12, term: 2))
    }

    @Test("compaction moves the first index, deletes old segments and survives reopening")
    func compaction() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
            for batch in 0..<20 {
                try await log.append(entries: WALFixtures.entries(UInt64(batch * 50 + 1)...UInt64(batch * 50 + 50)), hardState: HardState(term: Term(1), vote: nil, commit: LogIndex(UInt64(batch * 50))))
            }
            let before = try WALFixtures.segments(in: directory).count
            try await log.compact(through: LogIndex(900), term: Term(1))
            #expect(log.firstIndex == LogIndex(901))
            #expect(log.term(at: LogIndex(900)) == Term(1))
            #expect(try WALFixtures.segments(in: directory).count < before)
            #expect(throws: WriteAheadLogError.self) { try log.entries(in: LogIndex(899)..<LogIndex(902)) }
            log.close()
        }
        let reopened = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        #expect(reopened.firstIndex == LogIndex(901))
        #expect(reopened.lastIndex == LogIndex(1000))
        #expect(reopened.hardState.commit == LogIndex(950))
        #expect(try reopened.entries(in: LogIndex(901)..<LogIndex(1001)) == WALFixtures.entries(901...1000))
    }

    @Test("compacting past the last entry (installing a snapshot) restarts the log after it")
    func snapshotInstall() async throws {
        let scratch = try ScratchDirectory()
        let log = try WriteAheadLog(directory: scratch.appending("wal"), keys: WALFixtures.keys)
        try await log.append(entries: WALFixtures.entries(1...5))
        try await log.compact(through: LogIndex(100), term: Term(4))
        #expect(log.firstIndex == LogIndex(101))
        #expect(log.lastIndex == LogIndex(100))
        try await log.append(entries: WALFixtures.entries(101...102, term: 4))
        #expect(try log.entries(in: LogIndex(101)..<LogIndex(103)) == WALFixtures.entries(101...102, term: 4))
    }

    @Test("appends that skip, rewrite compacted entries or are not consecutive are refused")
    func invalidAppends() async throws {
        let scratch = try ScratchDirectory()
        let log = try WriteAheadLog(directory: scratch.appending("wal"), keys: WALFixtures.keys)
        try await log.append(entries: WALFixtures.entries(1...10))
        try await log.compact(through: LogIndex(5), term: Term(1))
        for entries in [WALFixtures.entries(12...12), WALFixtures.entries(5...6), [WALFixtures.entry(11), WALFixtures.entry(13)]] {
            #expect(throws: WriteAheadLogError.self) { try log.enqueue(entries: entries) }
        }
        #expect(log.lastIndex == LogIndex(10))
    }

    @Test("an entry larger than a record may hold is refused with its size")
    func entryTooLarge() throws {
        let scratch = try ScratchDirectory()
        let log = try WriteAheadLog(directory: scratch.appending("wal"), keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        #expect {
            try log.enqueue(entries: [WALFixtures.entry(1, byteCount: 40_000)])
        } throws: { error in
            guard case WriteAheadLogError.entryTooLarge(LogIndex(1), 40_000, _) = error else { return false }
            return true
        }
    }

    @Test("concurrent appends share batches; every one is durable when it returns")
    func groupCommit() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys)
        let allocator = IndexAllocator()
        let appenderCount = 64
        let appendsPerAppender = 20
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<appenderCount {
                group.addTask {
                    for _ in 0..<appendsPerAppender {
                        // Index assignment and enqueue under one lock: the log's order is the index order.
                        let (_, ticket) = try allocator.enqueueNext(in: log)
                        try await ticket.waitUntilDurable()
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = appenderCount * appendsPerAppender
        #expect(log.lastIndex == LogIndex(UInt64(total)))
        #expect(log.statistics.appendsCommitted == total)
        // Appends shared syncs: far fewer batches than appends (each batch is one write + one fdatasync).
        #expect(log.statistics.batchesCommitted < total * 3 / 4, "\(log.statistics)")
        log.close()
        let reopened = try WriteAheadLog(directory: directory, keys: WALFixtures.keys)
        #expect(try reopened.entries(in: LogIndex(1)..<LogIndex(UInt64(total + 1))) == WALFixtures.entries(1...UInt64(total)))
    }

    @Test("a lone appender is never held back: each of its appends is its own batch")
    func loneAppenderIsNotDelayed() async throws {
        let scratch = try ScratchDirectory()
        let log = try WriteAheadLog(directory: scratch.appending("wal"), keys: WALFixtures.keys)
        for index in UInt64(1)...50 {
            try await log.append(entries: [WALFixtures.entry(index)])
        }
        #expect(log.statistics.appendsCommitted == 50)
        #expect(log.statistics.batchesCommitted == 50)
    }

    @Test("a log whose records were sealed with another key refuses to open, naming the key")
    func wrongKey() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys)
            try await log.append(entries: WALFixtures.entries(1...3), hardState: HardState(term: Term(1), vote: nil, commit: LogIndex(3)))
            log.close()
        }
        let other = DataKeyRing(current: DataKey.generate())
        #expect {
            try WriteAheadLog(directory: directory, keys: other)
        } throws: { error in
            guard case WriteAheadLogError.unknownKey(_, _, WALFixtures.keys.current.id) = error else { return false }
            return true
        }
    }

    @Test("after closing, appends are refused")
    func closed() async throws {
        let scratch = try ScratchDirectory()
        let log = try WriteAheadLog(directory: scratch.appending("wal"), keys: WALFixtures.keys)
        try await log.append(entries: WALFixtures.entries(1...2))
        log.close()
        #expect {
            try log.enqueue(entries: WALFixtures.entries(3...3))
        } throws: { error in
            guard case WriteAheadLogError.closed = error else { return false }
            return true
        }
    }
}
