import RaftTypes
import SwarmFileSystem
import SystemPackage

/// A segment file of the log.
struct WALSegmentInfo: Equatable {
    let sequence: UInt64
    let firstIndex: UInt64
    let path: FilePath
    /// The data keys that sealed records in the segment.
    var keyIDs: Set<DataKeyID> = []
}

/// Opening the log: reads every segment in order, rebuilds the index, and decides what a bad
/// record means. Rules (Docs/storage.md):
/// - In the last segment, a record that shows the marks of a torn write, with nothing but zeros
///   from one batch further on, is the tail of a write cut short: it and what follows are erased.
/// - Anything else that fails is corruption: the log refuses to open, naming the segment, the
///   offset and the last good index, unless opened with `.repairByTruncating`.
struct WALRecovery {
    struct Outcome {
        var index: WALIndex
        var segments: [WALSegmentInfo]
        var writer: WALSegmentWriter?
        var report: WALRecoveryReport
        /// The highest index of any entry record read, even one a truncation voided.
        var highestEntryIndex: LogIndex
    }

    /// Whether recovery may change files (erase a torn tail, remove a half-made segment,
    /// repair) or only reads them and reports what it would do (`swarmd storage inspect`).
    enum Access {
        case readWrite
        case readOnly
    }

    let directory: FilePath
    let keys: DataKeyRing
    let sealing: WALRecordSealing
    let mode: WALRecoveryMode
    let segmentByteCount: Int64
    let access: Access

    private var index = WALIndex()
    private var report = WALRecoveryReport()
    private var highestEntryIndex = LogIndex.zero
    private var kept: [WALSegmentInfo] = []
    private var placement: (header: WALSegmentHeader, path: FilePath, offset: Int64, eraseByteCount: Int64)?

    init(
        directory: FilePath,
        keys: DataKeyRing,
        sealing: WALRecordSealing,
        mode: WALRecoveryMode,
        segmentByteCount: Int64,
        access: Access = .readWrite
    ) {
        self.directory = directory
        self.keys = keys
        self.sealing = sealing
        self.mode = access == .readOnly ? .strict : mode
        self.segmentByteCount = segmentByteCount
        self.access = access
    }

    mutating func recover() throws(WriteAheadLogError) -> Outcome {
        switch access {
        case .readWrite:
            try fileSystem(FileSystemCalls.makeDirectoryIfMissing(directory, permissions: .ownerReadWriteExecute))
        case .readOnly:
            guard FileSystemCalls.exists(directory) else {
                return Outcome(index: index, segments: [], writer: nil, report: report, highestEntryIndex: .zero)
            }
        }
        let segments = try listSegments()
        // Replay starts from the final compaction point: earlier segments may have been deleted
        // after it, and every entry at or below it is void. Compaction points only grow and
        // every segment starts with the one current at its creation, so the last segment holds
        // the highest (or, if a crash interrupted its creation, the one before it).
        let compaction = finalCompaction(in: segments)
        index = WALIndex(recoveringFrom: compaction?.index ?? .zero, term: compaction?.term ?? .zero)
        for (position, segment) in segments.enumerated() {
            let isLast = position == segments.count - 1
            let shouldContinue = try recoverSegment(segment, isLast: isLast, later: Array(segments[(position + 1)...]))
            if !shouldContinue { break }
        }
        if let first = kept.first, index.compactedThrough.rawValue < first.firstIndex - 1 {
            // No compaction covers what the missing earlier segments held.
            throw .missingSegment(directory: directory, sequence: first.sequence - 1)
        }
        var writer: WALSegmentWriter?
        if let placement, access == .readWrite {
            writer = try fileSystem(
                WALSegmentWriter(
                    continuing: placement.header, at: placement.path, writeOffset: placement.offset,
                    directory: directory, segmentByteCount: segmentByteCount
                )
            )
            if placement.eraseByteCount > 0 {
                try fileSystem(writer?.erase(from: placement.offset, byteCount: placement.eraseByteCount))
            }
        }
        return Outcome(index: index, segments: kept, writer: writer, report: report, highestEntryIndex: highestEntryIndex)
    }

    /// The highest compaction record in the last segment that has a valid header (a crash may
    /// have left the very last one unwritten). Damage is ignored here: the full pass reports it.
    private func finalCompaction(in segments: [WALSegmentInfo]) -> (index: LogIndex, term: Term)? {
        for segment in segments.reversed() {
            guard let descriptor = try? FileSystemCalls.open(segment.path, .readOnly, options: .noFollow) else { continue }
            defer { try? descriptor.close() }
            guard let size = try? FileSystemCalls.status(of: descriptor, path: segment.path).size else { continue }
            var scanner = WALSegmentScanner(path: segment.path, descriptor: descriptor, fileByteCount: size)
            var hasHeader = false
            var highest: (index: LogIndex, term: Term)?
            _ = try? scanner.scan { (header, offset, record) throws(WriteAheadLogError) in
                if offset == 0 { hasHeader = header.type == .segmentHeader }
                guard header.type == .compaction, header.index > highest?.index.rawValue ?? 0 else { return }
                _ = try WALRecordEffects.openPayload(header, record, keys: keys, sealing: sealing, segment: segment.path, offset: offset)
                highest = (LogIndex(header.index), Term(header.term))
            }
            if hasHeader { return highest }
        }
        return nil
    }

    private func listSegments() throws(WriteAheadLogError) -> [WALSegmentInfo] {
        let segments = try fileSystem(FileSystemCalls.sortedNames(in: directory))
            .compactMap { name -> WALSegmentInfo? in
                WALSegmentHeader.parse(fileName: name).map {
                    WALSegmentInfo(sequence: $0.sequence, firstIndex: $0.firstIndex, path: directory.appending(name))
                }
            }
            .sorted { $0.sequence < $1.sequence }
        for (previous, next) in zip(segments, segments.dropFirst()) where next.sequence != previous.sequence + 1 {
            throw .missingSegment(directory: directory, sequence: previous.sequence + 1)
        }
        return segments
    }

    /// Reads one segment; returns false when recovery must not read further segments.
    private mutating func recoverSegment(_ segment: WALSegmentInfo, isLast: Bool, later: [WALSegmentInfo]) throws(WriteAheadLogError) -> Bool {
        let descriptor = try fileSystem(FileSystemCalls.open(segment.path, .readOnly, options: .noFollow))
        defer { try? descriptor.close() }
        let size = try fileSystem(FileSystemCalls.status(of: descriptor, path: segment.path)).size
        var scanner = WALSegmentScanner(path: segment.path, descriptor: descriptor, fileByteCount: size)
        var segmentHeader: WALSegmentHeader?
        var segment = segment
        let stop = try scanner.scan { (header, offset, record) throws(WriteAheadLogError) in
            if header.keyID != 0 { segment.keyIDs.insert(DataKeyID(rawValue: header.keyID)) }
            if offset == 0 {
                segmentHeader = try Self.segmentHeader(header, record, expected: segment)
            } else {
                try apply(header, record, offset: offset, segment: segment)
            }
        }
        let window = WALLimits.tornWriteWindowByteCount
        let isCleanEnd = stop.isZeroHeader && stop.corruption == nil
        guard let segmentHeader else {
            if isLast, isCleanEnd || stop.isTorn, try scanner.isZero(from: stop.offset + window) {
                if access == .readWrite {
                    try fileSystem(FileSystemCalls.removeFile(segment.path))
                    try fileSystem(FileSystemCalls.synchronizeDirectory(directory))
                }
                report.removedIncompleteSegments.append(segment.path)
                return false
            }
            return try handleCorruption(in: segment, at: 0, .badSegmentHeader, scanner: scanner, later: later, keepSegment: false)
        }
        if isLast {
            var isTail = isCleanEnd || stop.isTorn
            if isTail { isTail = try scanner.isZero(from: stop.offset + window) }
            guard isTail else {
                let corruption = stop.corruption ?? .dataAfterEnd
                return try handleCorruption(in: segment, at: stop.offset, corruption, scanner: scanner, later: later, keepSegment: true, header: segmentHeader)
            }
            let damaged = try scanner.nonZeroExtent(from: stop.offset, to: stop.offset + window)
            if damaged > 0 {
                report.tornTail = .init(segment: segment.path, offset: stop.offset, byteCount: damaged)
            }
            kept.append(segment)
            placement = (segmentHeader, segment.path, stop.offset, damaged)
            return true
        }
        guard isCleanEnd, try scanner.isZero(from: stop.offset) else {
            let corruption = stop.corruption ?? .dataAfterEnd
            return try handleCorruption(in: segment, at: stop.offset, corruption, scanner: scanner, later: later, keepSegment: true, header: segmentHeader)
        }
        kept.append(segment)
        placement = (segmentHeader, segment.path, stop.offset, 0)
        return true
    }

    /// Refuses to open (strict) or cuts the log here and drops everything after (repair).
    private mutating func handleCorruption(
        in segment: WALSegmentInfo,
        at offset: Int64,
        _ corruption: WriteAheadLogError.Corruption,
        scanner: WALSegmentScanner,
        later: [WALSegmentInfo],
        keepSegment: Bool,
        header: WALSegmentHeader? = nil
    ) throws(WriteAheadLogError) -> Bool {
        guard mode == .repairByTruncating else {
            throw .corruptRecord(segment: segment.path, offset: offset, lastGoodIndex: index.lastIndex, corruption: corruption)
        }
        var dropped = try scanner.nonZeroExtent(from: offset, to: scanner.fileByteCount)
        var removed = keepSegment ? [] : [segment.path]
        if !keepSegment { try fileSystem(FileSystemCalls.removeFile(segment.path)) }
        for laterSegment in later {
            dropped += try fileSystem(FileSystemCalls.status(of: laterSegment.path)).size
            try fileSystem(FileSystemCalls.removeFile(laterSegment.path))
            removed.append(laterSegment.path)
        }
        try fileSystem(FileSystemCalls.synchronizeDirectory(directory))
        if keepSegment, let header {
            kept.append(segment)
            placement = (header, segment.path, offset, try scanner.nonZeroExtent(from: offset, to: scanner.fileByteCount))
        }
        report.repair = .init(
            segment: segment.path, offset: offset, corruption: corruption, lastGoodIndex: index.lastIndex,
            droppedByteCount: dropped, removedSegments: removed
        )
        return false
    }

    private static func segmentHeader(
        _ header: WALRecordHeader,
        _ record: UnsafeRawBufferPointer,
        expected segment: WALSegmentInfo
    ) throws(WriteAheadLogError) -> WALSegmentHeader {
        let payload = Array(record[WALRecordHeader.byteCount..<(WALRecordHeader.byteCount + Int(header.payloadByteCount))])
        guard header.type == .segmentHeader, header.keyID == 0, let parsed = WALSegmentHeader(payload),
            parsed.sequence == segment.sequence, parsed.firstIndex == segment.firstIndex
        else {
            throw .corruptRecord(segment: segment.path, offset: 0, lastGoodIndex: .zero, corruption: .badSegmentHeader)
        }
        return parsed
    }

    private mutating func apply(
        _ header: WALRecordHeader,
        _ record: UnsafeRawBufferPointer,
        offset: Int64,
        segment: WALSegmentInfo
    ) throws(WriteAheadLogError) {
        let effect = try WALRecordEffects.effect(
            of: header, record: record, keys: keys, sealing: sealing, segment: segment.path, offset: offset
        )
        if header.type == .entry { highestEntryIndex = max(highestEntryIndex, LogIndex(header.index)) }
        let location = header.type == .entry
            ? WALEntryLocation(
                segmentSequence: UInt32(truncatingIfNeeded: segment.sequence), offset: UInt32(offset),
                recordByteCount: UInt32(header.recordByteCount), term: header.term
            )
            : nil
        if let conflict = index.apply(effect, location: location) {
            throw .corruptRecord(
                segment: segment.path, offset: offset, lastGoodIndex: index.lastIndex,
                corruption: .inconsistentLog("\(conflict)")
            )
        }
    }
}

/// Runs a file-system call, reporting its failure as `WriteAheadLogError.fileSystem`.
func fileSystem<Result>(_ call: @autoclosure () throws(FileSystemError) -> Result) throws(WriteAheadLogError) -> Result {
    do {
        return try call()
    } catch {
        throw .fileSystem(error)
    }
}
