import Foundation
import RaftTypes
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

/// Torn writes, bit flips and missing or half-made files, applied to real segment files.
@Suite("Write-ahead log faults")
struct WriteAheadLogFaultTests {
    static let entryCount: UInt64 = 30

    /// A closed log of `entryCount` entries, each its own record, in one 64 KiB segment.
    /// Returns the segment and the size of one entry record (header and segment-header record
    /// layout: Docs/storage.md).
    static func makeLog(at directory: FilePath, entryCount: UInt64 = entryCount) async throws -> (segment: FilePath, recordByteCount: Int64) {
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        for index in 1...entryCount {
            try await log.append(entries: [WALFixtures.entry(index)])
        }
        log.close()
        let segment = try #require(try WALFixtures.segments(in: directory).first)
        let segmentHeaderRecordByteCount: Int64 = 64
        let dataEnd = try WALFixtures.dataEnd(of: segment)
        return (segment, (dataEnd - segmentHeaderRecordByteCount) / Int64(entryCount))
    }

    /// A closed log of 300 entries of 1000 B over several 64 KiB segments, optionally compacted.
    static func makeMultiSegmentLog(at directory: FilePath, compactingThrough compaction: UInt64? = nil) async throws {
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        for batch in UInt64(0)..<10 {
            try await log.append(entries: WALFixtures.entries((batch * 30 + 1)...(batch * 30 + 30), byteCount: 1000))
        }
        if let compaction {
            try await log.compact(through: LogIndex(compaction), term: Term(1))
        }
        log.close()
    }

    static func copy(_ source: FilePath, to destination: FilePath) throws {
        try? FileManager.default.removeItem(atPath: destination.string)
        try FileManager.default.copyItem(atPath: source.string, toPath: destination.string)
    }

    @Test("truncating the last segment at every byte inside its last 3 records keeps exactly the complete records")
    func truncationAtEveryOffset() async throws {
        let scratch = try ScratchDirectory()
        let (original, recordByteCount) = try await Self.makeLog(at: scratch.appending("original"))
        let dataEnd = 64 + recordByteCount * Int64(Self.entryCount)
        let directory = try scratch.makeDirectory("torn")
        let segment = directory.appending(original.lastComponent!.string)
        for cut in (dataEnd - 3 * recordByteCount)..<dataEnd {
            try Self.copy(original, to: segment)
            try WALFixtures.truncate(segment, to: cut)
            let complete = UInt64((cut - 64) / recordByteCount)
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
            #expect(log.lastIndex == LogIndex(complete), "cut at \(cut)")
            #expect(try log.entries(in: LogIndex(1)..<LogIndex(complete + 1)) == WALFixtures.entries(1...complete), "cut at \(cut)")
            // The log goes on from there.
            try await log.append(entries: [WALFixtures.entry(complete + 1)])
            log.close()
        }
    }

    @Test("a bit flipped before the tail refuses to open, naming the file and offset; repair opens and reports the loss")
    func bitFlipBeforeTail() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let (segment, recordByteCount) = try await Self.makeLog(at: directory)
        let damagedOffset = 64 + 10 * recordByteCount
        let byte = try WALFixtures.read(segment, at: damagedOffset + 40, count: 1)
        try WALFixtures.overwrite(segment, at: damagedOffset + 40, with: [byte[0] ^ 0x04])
        #expect {
            try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        } throws: { error in
            guard case WriteAheadLogError.corruptRecord(segment, damagedOffset, LogIndex(10), .checksumMismatch) = error else { return false }
            let message = "\(error)"
            return message.contains(segment.string) && message.contains("byte \(damagedOffset)") && message.contains("index 10")
        }
        var options = WALFixtures.smallSegments
        options.recoveryMode = .repairByTruncating
        let repaired = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: options)
        let repair = try #require(repaired.recoveryReport.repair)
        #expect(repair.lastGoodIndex == LogIndex(10))
        #expect(repair.droppedByteCount == 20 * recordByteCount)
        #expect("\(repaired.recoveryReport)".contains("REPAIR dropped \(20 * recordByteCount) bytes"))
        #expect(repaired.lastIndex == LogIndex(10))
        try await repaired.append(entries: [WALFixtures.entry(11)])
        repaired.close()
        let reopened = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        #expect(reopened.recoveryReport.isClean)
        #expect(try reopened.entries(in: LogIndex(1)..<LogIndex(12)) == WALFixtures.entries(1...11))
    }

    @Test("a bit flipped in the very last record is corruption too: only a torn write is cut silently")
    func bitFlipInLastRecord() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let (segment, recordByteCount) = try await Self.makeLog(at: directory)
        let lastRecord = 64 + (Int64(Self.entryCount) - 1) * recordByteCount
        let byte = try WALFixtures.read(segment, at: lastRecord + 50, count: 1)
        try WALFixtures.overwrite(segment, at: lastRecord + 50, with: [byte[0] ^ 0x80])
        #expect(throws: WriteAheadLogError.self) {
            try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        }
    }

    @Test("a last record with a block that never reached the disk is a torn write: cut, erased and reported")
    func tornLastRecord() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let (segment, recordByteCount) = try await Self.makeLog(at: directory)
        let lastRecord = 64 + (Int64(Self.entryCount) - 1) * recordByteCount
        try WALFixtures.overwrite(segment, at: lastRecord + 48, with: [UInt8](repeating: 0, count: 16))
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        let tornTail = try #require(log.recoveryReport.tornTail)
        #expect(tornTail.offset == lastRecord)
        #expect(tornTail.byteCount == recordByteCount)
        #expect(log.lastIndex == LogIndex(Self.entryCount - 1))
        log.close()
        // The remains were erased: the next opening is clean.
        #expect(try WALFixtures.dataEnd(of: segment) == lastRecord)
        #expect(try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments).recoveryReport.isClean)
    }

    @Test("a segment whose creation a crash interrupted is removed; a missing middle segment refuses to open")
    func incompleteAndMissingSegments() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        try await Self.makeMultiSegmentLog(at: directory)
        let segments = try WALFixtures.segments(in: directory)
        #expect(segments.count >= 4)
        // A next segment created but never written (the crash came before its header was synced).
        let sequence = UInt64(segments.count + 1)
        let halfMade = directory.appending(String(format: "%016llx-%016llx.wal", sequence, 301))
        #expect(FileManager.default.createFile(atPath: halfMade.string, contents: Data(count: 4096)))
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        #expect(log.recoveryReport.removedIncompleteSegments == [halfMade])
        #expect(log.lastIndex == LogIndex(300))
        log.close()

        try FileManager.default.removeItem(atPath: segments[1].string)
        #expect {
            try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        } throws: { error in
            guard case WriteAheadLogError.missingSegment(_, 2) = error else { return false }
            return "\(error)".contains("missing")
        }
    }

    @Test("a half-made last segment does not hide the compaction point of the one before")
    func halfMadeSegmentAfterCompaction() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        try await Self.makeMultiSegmentLog(at: directory, compactingThrough: 250)
        let segments = try WALFixtures.segments(in: directory)
        let lastSequence = try #require(segments.last?.lastComponent?.string.prefix(16)).flatMap { UInt64($0, radix: 16) }
        let next = directory.appending(String(format: "%016llx-%016llx.wal", (lastSequence ?? 0) + 1, 301))
        #expect(FileManager.default.createFile(atPath: next.string, contents: Data(count: 4096)))
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        #expect(log.recoveryReport.removedIncompleteSegments == [next])
        #expect(log.firstIndex == LogIndex(251))
        #expect(try log.entries(in: LogIndex(251)..<LogIndex(301)) == WALFixtures.entries(251...300, byteCount: 1000))
    }

    @Test("data far beyond the end of the last segment's records is corruption, not a tail")
    func dataBeyondTheTail() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let options = WriteAheadLog.Options(segmentByteCount: 8 * 1024 * 1024)
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: options)
            try await log.append(entries: WALFixtures.entries(1...5))
            log.close()
        }
        let segment = try #require(try WALFixtures.segments(in: directory).first)
        try WALFixtures.overwrite(segment, at: 6 * 1024 * 1024, with: [1, 2, 3, 4])
        #expect {
            try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: options)
        } throws: { error in
            guard case WriteAheadLogError.corruptRecord(_, _, LogIndex(5), .dataAfterEnd) = error else { return false }
            return true
        }
    }

    @Test("a segment larger than the recovery read window reopens intact")
    func segmentLargerThanReadWindow() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let options = WriteAheadLog.Options(segmentByteCount: 16 * 1024 * 1024)
        do {
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: options)
            for batch in UInt64(0)..<12 {
                try await log.append(entries: WALFixtures.entries((batch * 500 + 1)...(batch * 500 + 500), byteCount: 1000))
            }
            log.close()
        }
        #expect(try WALFixtures.segments(in: directory).count == 1)
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: options)
        #expect(log.recoveryReport.isClean)
        #expect(try log.entries(in: LogIndex(1)..<LogIndex(6001)) == WALFixtures.entries(1...6000, byteCount: 1000))
    }
}
