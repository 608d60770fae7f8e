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

    @Test("the spare is filled while a segment fills, and becomes the next segment")
    func spareBecomesNextSegment() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let spare = directory.appending(Self.spareName)
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        defer { log.close() }
        var index: UInt64 = 1
        // Bounded: 64 KiB segments fill after a few hundred 100 B entries.
        while try Self.size(of: spare) < WALFixtures.smallSegments.segmentByteCount, index < 2_000 {
            try await log.append(entries: [WALFixtures.entry(index)])
            index += 1
        }
        #expect(try Self.size(of: spare) == WALFixtures.smallSegments.segmentByteCount)
        #expect(try WALFixtures.segments(in: directory).count == 1)
        let spareInode = try Self.inode(of: spare)
        while try WALFixtures.segments(in: directory).count == 1, index < 4_000 {
            try await log.append(entries: [WALFixtures.entry(index)])
            index += 1
        }
        let second = try #require(try WALFixtures.segments(in: directory).last)
        #expect(try Self.inode(of: second) == spareInode)
        #expect(try log.entries(in: LogIndex(1)..<LogIndex(index)) == WALFixtures.entries(1...(index - 1)))
    }

    @Test("a spare left half-filled by a crash is continued; one of the wrong size is replaced")
    func leftoverSpares() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        try FileManager.default.createDirectory(atPath: directory.string, withIntermediateDirectories: true)
        let spare = directory.appending(Self.spareName)
        // Larger than a segment: from a run with bigger segments. It must not become one.
        try Data(count: 2 * Int(WALFixtures.smallSegments.segmentByteCount)).write(to: URL(fileURLWithPath: spare.string))
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
            try await log.append(entries: WALFixtures.entries(1...10))
            log.close()
        }
        #expect(try Self.size(of: spare) <= WALFixtures.smallSegments.segmentByteCount)
        // Half a segment, as a kill -9 during the fill leaves it.
        try WALFixtures.truncate(spare, to: WALFixtures.smallSegments.segmentByteCount / 2 + 100)
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        defer { log.close() }
        #expect(log.lastIndex == LogIndex(10))
        var index: UInt64 = 11
        while try WALFixtures.segments(in: directory).count < 3, index < 4_000 {
            try await log.append(entries: [WALFixtures.entry(index)])
            index += 1
        }
        #expect(try WALFixtures.segments(in: directory).count == 3)
        #expect(try log.entries(in: LogIndex(1)..<LogIndex(index)) == WALFixtures.entries(1...(index - 1)))
    }

    private static func size(of path: FilePath) throws -> Int64 {
        guard FileManager.default.fileExists(atPath: path.string) else { return 0 }
        return (try FileManager.default.attributesOfItem(atPath: path.string)[.size] as? NSNumber)?.int64Value ?? 0
    }

    private static func inode(of path: FilePath) throws -> UInt64 {
        try #require((try FileManager.default.attributesOfItem(atPath: path.string)[.systemFileNumber] as? NSNumber)?.uint64Value)
    }
}
