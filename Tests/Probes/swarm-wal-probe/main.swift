// A child process for the WAL kill -9 test: appends to the log in DIRECTORY from APPENDERS
// concurrent tasks, forever, and prints each entry's index (one line, written straight to the
// file descriptor) only after its append returned. The test kills it at a random moment and
// checks that every printed index is in the log, intact.
//
//   swarm-wal-probe DIRECTORY APPENDERS SEGMENT_BYTES
//
// The key and the entry payloads are the fixed ones of Tests/SwarmStorageTests/WALFixtures.
import Foundation
import RaftTypes
import SwarmCrypto
import SwarmStorage
import SwarmTesting
import Synchronization
import SystemPackage

let arguments = CommandLine.arguments
guard arguments.count == 4, let appenders = Int(arguments[2]), let segmentByteCount = Int64(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: swarm-wal-probe DIRECTORY APPENDERS SEGMENT_BYTES\n".utf8))
    exit(2)
}

/// Entry payloads as WALFixtures.data(for:) makes them.
func data(for index: UInt64) -> [UInt8] {
    (0..<100).map { UInt8(truncatingIfNeeded: index &* 31 &+ UInt64($0)) }
}

/// Hands out indexes and enqueues under one lock, so the log's order is the index order.
final class Sequencer: Sendable {
    let log: WriteAheadLog
    let next: Mutex<UInt64>

    init(log: WriteAheadLog) {
        self.log = log
        self.next = Mutex(log.lastIndex.rawValue + 1)
    }

    func enqueueNext() throws -> (UInt64, AppendTicket) {
        try next.withLock { (next) throws(WriteAheadLogError) in
            defer { next += 1 }
            return (next, try log.enqueue(entries: [LogEntry(index: LogIndex(next), term: Term(1), data: data(for: next))]))
        }
    }
}

do {
    let key = try SecretKey(copying: (0..<32).map { UInt8($0) })
    let keys = DataKeyRing(current: DataKey(id: DataKeyID(rawValue: 0x5EED), key: key))
    let log = try WriteAheadLog(directory: FilePath(arguments[1]), keys: keys, options: .init(segmentByteCount: segmentByteCount))
    let sequencer = Sequencer(log: log)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<appenders {
            group.addTask {
                // Runs until the test kills the process.
                while true {
                    let (index, ticket) = try sequencer.enqueueNext()
                    try await ticket.waitUntilDurable()
                    ProbeOutput.line("\(index)")
                }
            }
        }
        try await group.waitForAll()
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
