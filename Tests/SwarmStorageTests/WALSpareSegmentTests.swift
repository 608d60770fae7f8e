import Foundation
import RaftTypes
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

/// New segments are made from a spare file written with zeros beforehand, so that appending to
/// them changes no file-system metadata (Docs/storage.md, "Segments and the spare").
@Suite("Write-ahead log spare segment")
struct WALSpareSegmentTests {
    private static let spareName = "next-segment.spare"

    @Test("the spare is filled in step with the segment, and becomes the next segment")
    func spareBecomesNextSegment() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let spare = directory.appending(Self.spareName)
        let segmentByteCount: Int64 = 8 << 20
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: .init(segmentByteCount: segmentByteCount))
        defer { log.close() }
        var index: UInt64 = 1
        var sawPartialSpare = false
        // Bounded: 32 entries of 4 KiB per append fill an 8 MiB segment in about 64 appends.
        while try Self.size(of: spare) < segmentByteCount, index < 100_000 {
            try await log.append(entries: WALFixtures.entries(index...(index + 31), byteCount: 4096))
            index += 32
            let size = try Self.size(of: spare)
            if size > 0, size < segmentByteCount { sawPartialSpare = true }
        }
        #expect(sawPartialSpare, "the zeros were written all at once, not in step with the segment")
        #expect(try Self.size(of: spare) == segmentByteCount)
        #expect(try WALFixtures.segments(in: directory).count == 1)
        let spareInode = try Self.inode(of: spare)
        while try WALFixtures.segments(in: directory).count == 1, index < 100_000 {
            try await log.append(entries: WALFixtures.entries(index...(index + 31), byteCount: 4096))
            index += 32
        }
        let second = try #require(try WALFixtures.segments(in: directory).last)
        #expect(try Self.inode(of: second) == spareInode)
        #expect(try log.entries(in: LogIndex(1)..<LogIndex(index)) == WALFixtures.entries(1...(index - 1), byteCount: 4096))
    }

    @Test("a spare left by a crash, with a segment's records already in it, is discarded on open")
    func leftoverSpareIsDiscarded() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let spare = directory.appending(Self.spareName)
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
            try await log.append(entries: WALFixtures.entries(1...10), hardState: HardState(term: Term(1), vote: nil, commit: LogIndex(10)))
            try await log.compact(through: LogIndex(5), term: Term(1))
            log.close()
        }
        // What a crash between writing a new segment's first records into the spare and renaming
        // it leaves: the start of a real segment, here the first 4 KiB of the current one.
        let segment = try #require(try WALFixtures.segments(in: directory).last)
        let leftover = try WALFixtures.read(segment, at: 0, count: 4096)
        try Data(leftover + [UInt8](repeating: 0, count: Int(WALFixtures.smallSegments.segmentByteCount) - 4096))
            .write(to: URL(fileURLWithPath: spare.string))
        var index: UInt64 = 11
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
            #expect(log.recoveryReport.isClean)
            #expect(!FileManager.default.fileExists(atPath: spare.string), "the leftover spare was kept")
            // Until the next segment starts, then stop at once: had it been made from the leftover,
            // the leftover's records would lie right after its first entry.
            // Bounded: 64 KiB segments fill after a few hundred 100 B entries.
            while try WALFixtures.segments(in: directory).count < 2, index < 4_000 {
                try await log.append(entries: [WALFixtures.entry(index)])
                index += 1
            }
            log.close()
        }
        let reopened = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        defer { reopened.close() }
        #expect(reopened.recoveryReport.isClean)
        #expect(reopened.firstIndex == LogIndex(6))
        #expect(try WALFixtures.segments(in: directory).count == 2)
        #expect(try reopened.entries(in: LogIndex(6)..<LogIndex(index)) == WALFixtures.entries(6...(index - 1)))
    }

    private static func size(of path: FilePath) throws -> Int64 {
        guard FileManager.default.fileExists(atPath: path.string) else { return 0 }
        return (try FileManager.default.attributesOfItem(atPath: path.string)[.size] as? NSNumber)?.int64Value ?? 0
    }

    private static func inode(of path: FilePath) throws -> UInt64 {
        try #require((try FileManager.default.attributesOfItem(atPath: path.string)[.systemFileNumber] as? NSNumber)?.uint64Value)
    }
}
