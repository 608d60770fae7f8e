import Foundation
import RaftTypes
import SwarmCrypto
import SwarmStorage
import SwarmTesting
import Synchronization
import SystemPackage

/// Builders shared by the storage tests.
enum WALFixtures {
    /// A fixed key ring, so a log written by one test step (or a child process) opens in the next.
    static let keys = DataKeyRing(current: DataKey(id: DataKeyID(rawValue: 0x5EED), key: try! SecretKey(copying: (0..<32).map { UInt8($0) })))

    /// Small segments, so that tests cross segment boundaries often.
    static let smallSegments = WriteAheadLog.Options(segmentByteCount: 64 * 1024)

    /// The payload of entry `index` in tests: derived from the index, so any entry can be checked
    /// without remembering what was written.
    static func data(for index: LogIndex, byteCount: Int = 100) -> [UInt8] {
        (0..<byteCount).map { UInt8(truncatingIfNeeded: index.rawValue &* 31 &+ UInt64($0)) }
    }

    static func entry(_ index: UInt64, term: UInt64 = 1, byteCount: Int = 100) -> LogEntry {
        LogEntry(index: LogIndex(index), term: Term(term), data: data(for: LogIndex(index), byteCount: byteCount))
    }

    static func entries(_ range: ClosedRange<UInt64>, term: UInt64 = 1, byteCount: Int = 100) -> [LogEntry] {
        range.map { entry($0, term: term, byteCount: byteCount) }
    }

    /// The segment files of the log in `directory`, in order.
    static func segments(in directory: FilePath) throws -> [FilePath] {
        try FileManager.default.contentsOfDirectory(atPath: directory.string)
            .filter { $0.hasSuffix(".wal") }
            .sorted()
            .map { directory.appending($0) }
    }

    /// Overwrites bytes of the file at `path` starting at `offset`.
    static func overwrite(_ path: FilePath, at offset: Int64, with bytes: [UInt8]) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path.string))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: bytes)
    }

    /// Reads `count` bytes of the file at `path` from `offset`.
    static func read(_ path: FilePath, at offset: Int64, count: Int) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path.string))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        return Array(try handle.read(upToCount: count) ?? Data())
    }

    /// Truncates the file at `path` to `byteCount` bytes.
    static func truncate(_ path: FilePath, to byteCount: Int64) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path.string))
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(byteCount))
    }

    /// The offset just past the last non-zero byte of the file: where its valid records end.
    static func dataEnd(of path: FilePath) throws -> Int64 {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path.string))
        return Int64((bytes.lastIndex { $0 != 0 } ?? -1) + 1)
    }
}

/// Hands out the next log index and enqueues its entry under one lock, so that concurrent
/// appenders put entries in the log in index order.
final class IndexAllocator: Sendable {
    private let next: Mutex<UInt64>

    init(first: UInt64 = 1) {
        next = Mutex(first)
    }

    func enqueueNext(in log: WriteAheadLog) throws -> (LogIndex, AppendTicket) {
        try next.withLock { (next) throws(WriteAheadLogError) in
            defer { next += 1 }
            return (LogIndex(next), try log.enqueue(entries: [WALFixtures.entry(next)]))
        }
    }
}
