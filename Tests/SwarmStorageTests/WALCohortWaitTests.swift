import Foundation
import RaftTypes
import SwarmStorage
import SwarmTesting
import Testing

/// After a batch of several appenders, the commit thread waits (at most one sync) for them to
/// append again: that wait must never strand an append.
@Suite("Write-ahead log cohort wait")
struct WALCohortWaitTests {
    @Test("after a cohort of concurrent appends, a lone append is still written, in its own batch")
    func loneAppendAfterCohort() async throws {
        let scratch = try ScratchDirectory()
        let log = try WriteAheadLog(directory: scratch.appending("wal"), keys: WALFixtures.keys)
        defer { log.close() }
        let allocator = IndexAllocator()
        try await Self.appendConcurrently(16, through: allocator, to: log)
        let batchesBefore = log.statistics.batchesCommitted
        // The commit thread now expects a cohort of up to 16; this append is alone.
        let (index, ticket) = try allocator.enqueueNext(in: log)
        try await Self.waitAtMost(.seconds(5)) { try await ticket.waitUntilDurable() }
        #expect(log.lastIndex == index)
        #expect(log.statistics.batchesCommitted == batchesBefore + 1)
    }

    @Test("closing while the commit thread waits for a cohort writes what is queued")
    func closeDuringCohortWait() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let allocator = IndexAllocator()
        let index: LogIndex
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys)
            try await Self.appendConcurrently(16, through: allocator, to: log)
            let ticket: AppendTicket
            (index, ticket) = try allocator.enqueueNext(in: log)
            log.close()
            try await Self.waitAtMost(.seconds(5)) { try await ticket.waitUntilDurable() }
        }
        let reopened = try WriteAheadLog(directory: directory, keys: WALFixtures.keys)
        defer { reopened.close() }
        #expect(reopened.lastIndex == index)
        #expect(try reopened.entries(in: index..<index.next) == [WALFixtures.entry(index.rawValue)])
    }

    /// `count` tasks append one entry each, all at once.
    private static func appendConcurrently(_ count: Int, through allocator: IndexAllocator, to log: WriteAheadLog) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask { try await allocator.enqueueNext(in: log).1.waitUntilDurable() }
            }
            try await group.waitForAll()
        }
    }

    /// Runs `body`, failing the test instead of hanging if it takes longer than `limit`.
    private static func waitAtMost(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            let finishedFirst = try await group.next() ?? false
            group.cancelAll()
            #expect(finishedFirst, "still waiting after \(limit)")
        }
    }
}
