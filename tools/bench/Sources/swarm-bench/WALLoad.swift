import Foundation
import RaftTypes
import SwarmCrypto
import SwarmStorage
import Synchronization
import SystemPackage

/// Drives a write-ahead log with concurrent appenders of 256 B entries.
enum WALLoad {
    struct Result {
        let appendsPerSecond: Double
        let p50Microseconds: Double
        let p99Microseconds: Double
        let appendsPerBatch: Double
    }

    /// Hands out indexes and enqueues under one lock, so the log's order is the index order.
    final class Sequencer: Sendable {
        let log: WriteAheadLog
        private let next = Mutex<UInt64>(1)
        private let payload = [UInt8](repeating: 0x42, count: 256)

        init(log: WriteAheadLog) {
            self.log = log
        }

        func enqueueNext() throws -> AppendTicket {
            try next.withLock { (next) throws(WriteAheadLogError) in
                defer { next += 1 }
                return try log.enqueue(entries: [LogEntry(index: LogIndex(next), term: Term(1), data: payload)])
            }
        }
    }

    static func run(in directory: FilePath, appenders: Int, seconds: Double, sealing: WALRecordSealing) async throws -> Result {
        let walDirectory = directory.appending("wal-\(appenders)-\(sealing)")
        defer { try? FileManager.default.removeItem(atPath: walDirectory.string) }
        let log = try WriteAheadLog(directory: walDirectory, keys: DataKeyRing(current: .generate()), options: .init(sealing: sealing))
        defer { log.close() }
        let sequencer = Sequencer(log: log)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<appenders {
                group.addTask {
                    var samples: [Double] = []
                    // Bounded by the deadline.
                    while clock.now < deadline {
                        let began = clock.now
                        try await sequencer.enqueueNext().waitUntilDurable()
                        samples.append(DiskBaseline.microseconds(clock.now - began))
                    }
                    return samples
                }
            }
            var all: [Double] = []
            for try await samples in group { all += samples }
            return all.sorted()
        }
        let elapsed = DiskBaseline.seconds(clock.now - start)
        let statistics = log.statistics
        return Result(
            appendsPerSecond: Double(latencies.count) / elapsed,
            p50Microseconds: latencies[latencies.count / 2],
            p99Microseconds: latencies[latencies.count * 99 / 100],
            appendsPerBatch: Double(statistics.appendsCommitted) / Double(max(1, statistics.batchesCommitted))
        )
    }

    /// Writes `entryCount` entries of 256 B, closes the log, and times opening it again.
    static func reopenTime(in directory: FilePath, entryCount: Int) async throws -> Double {
        let walDirectory = directory.appending("wal-reopen")
        defer { try? FileManager.default.removeItem(atPath: walDirectory.string) }
        let keys = DataKeyRing(current: .generate())
        do {
            let log = try WriteAheadLog(directory: walDirectory, keys: keys)
            let payload = [UInt8](repeating: 0x42, count: 256)
            var index: UInt64 = 1
            while index <= UInt64(entryCount) {
                let batch = (index..<min(index + 1000, UInt64(entryCount) + 1)).map {
                    LogEntry(index: LogIndex($0), term: Term(1), data: payload)
                }
                try await log.append(entries: batch)
                index += UInt64(batch.count)
            }
            log.close()
        }
        let clock = ContinuousClock()
        let start = clock.now
        let reopened = try WriteAheadLog(directory: walDirectory, keys: keys)
        let elapsed = DiskBaseline.seconds(clock.now - start)
        precondition(reopened.lastIndex == LogIndex(UInt64(entryCount)), "the reopened log lost entries")
        reopened.close()
        return elapsed
    }
}
