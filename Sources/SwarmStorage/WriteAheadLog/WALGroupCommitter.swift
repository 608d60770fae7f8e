import Foundation
import RaftTypes
import SwarmFileSystem
import Synchronization
import SystemPackage

/// The one thread that writes the log. It takes every append queued since its last write,
/// writes them with one `pwrite`, makes them durable with one `fdatasync`, and only then
/// completes their tickets: many concurrent appenders share one sync. A lone appender is never
/// held back: the thread writes as soon as anything is queued, except just after a batch of
/// several appenders, when it waits (at most as long as the last sync took) for them to append
/// again, so that they share the next sync instead of some of them waiting for a second one.
///
/// A dedicated thread, not a task: `fdatasync` blocks for hundreds of microseconds, which would
/// stall one of the few threads of Swift's cooperative pool.
final class WALGroupCommitter: @unchecked Sendable {
    // @unchecked Sendable: after `start()` only the commit thread touches `writer`,
    // `writeBuffer`, `lastHardState`, `lastCompaction`, `highestEntryIndex`, `lastBatchCount`
    // and `lastSyncDuration`; `core` is Sendable.
    private let core: WALCore
    private var writer: WALSegmentWriter
    private var writeBuffer: [UInt8] = []
    private var lastHardState: HardState
    private var lastCompaction: (index: LogIndex, term: Term)?
    /// The highest entry index ever written: a new segment's first index must exceed every entry
    /// index in the segments before it, even entries a truncation voided.
    private var highestEntryIndex: LogIndex
    /// Size of the last batch: how many appenders may be about to append again.
    private var lastBatchCount = 0
    /// How long the last write and sync took: the longest it is worth waiting for more appends
    /// (one sync more is what an appender left out of the batch would wait).
    private var lastSyncDuration = Duration.zero
    private let clock = ContinuousClock()
    /// The longest wait for a cohort, whatever the last sync took: appenders gather in CPU time
    /// (hundreds of microseconds), so one slow sync must not make a lone appender wait as long.
    private static let patienceLimit = Duration.milliseconds(2)

    init(core: WALCore, writer: WALSegmentWriter, hardState: HardState, compaction: (LogIndex, Term)?, highestEntryIndex: LogIndex) {
        self.core = core
        self.writer = writer
        self.lastHardState = hardState
        self.lastCompaction = compaction.map { (index: $0.0, term: $0.1) }
        self.highestEntryIndex = highestEntryIndex
        writeBuffer.reserveCapacity(WALLimits.batchByteLimit + WALLimits.recordByteLimit)
    }

    /// Starts the commit thread.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "swarmd-wal-commit"
        thread.start()
    }

    private func run() {
        while let batch = core.nextBatch(expectedCount: lastBatchCount, patience: min(lastSyncDuration, Self.patienceLimit)) {
            lastBatchCount = batch.count
            do {
                try commit(batch)
            } catch {
                core.fail(error, batch: batch)
                break
            }
        }
        core.failQueued(with: .closed)
        core.exited.signal()
    }

    private func commit(_ batch: [PendingAppend]) throws(FileSystemError) {
        var placed: [(WALRecordEffect, WALEntryLocation?)] = []
        var newSegments: [WALSegmentInfo] = []
        var keyIDsBySegment: [UInt64: Set<DataKeyID>] = [:]
        writeBuffer.removeAll(keepingCapacity: true)
        var bufferStart = writer.writeOffset
        for append in batch {
            if append.startsNewSegment {
                try flush()
                newSegments.append(try startNextSegment())
                bufferStart = writer.writeOffset
                continue
            }
            if let keyID = append.keyID, !append.records.isEmpty {
                keyIDsBySegment[writer.header.sequence, default: []].insert(keyID)
            }
            var cursor = 0
            for record in append.records {
                if bufferStart + Int64(writeBuffer.count + record.byteCount) > writer.segmentByteCount {
                    try flush()
                    newSegments.append(try startNextSegment())
                    bufferStart = writer.writeOffset
                    if let keyID = append.keyID { keyIDsBySegment[writer.header.sequence, default: []].insert(keyID) }
                }
                let offset = bufferStart + Int64(writeBuffer.count)
                writeBuffer.append(contentsOf: append.bytes[cursor..<(cursor + record.byteCount)])
                cursor += record.byteCount
                placed.append((record.effect, location(of: record, at: offset)))
                remember(record.effect)
            }
        }
        let syncStart = clock.now
        try flush()
        lastSyncDuration = clock.now - syncStart
        core.completeBatch(batch, placed: placed, newSegments: newSegments, keyIDsBySegment: keyIDsBySegment)
    }

    private func location(of record: PendingAppend.Record, at offset: Int64) -> WALEntryLocation? {
        guard case .entry(_, let term) = record.effect else { return nil }
        return WALEntryLocation(
            segmentSequence: UInt32(truncatingIfNeeded: writer.header.sequence), offset: UInt32(offset),
            recordByteCount: UInt32(record.byteCount), term: term.rawValue
        )
    }

    private func remember(_ effect: WALRecordEffect) {
        switch effect {
        case .entry(let index, _): highestEntryIndex = max(highestEntryIndex, index)
        case .hardState(let state): lastHardState = state
        case .compaction(let index, let term) where index > lastCompaction?.index ?? .zero:
            // The highest compaction point: a lower one is a no-op and must not hide it.
            lastCompaction = (index, term)
        case .truncation, .compaction: break
        }
    }

    /// Writes the buffered records and makes them durable.
    private func flush() throws(FileSystemError) {
        guard !writeBuffer.isEmpty else { return }
        _ = try writeBuffer.withUnsafeBytes { bytes in
            Result { () throws(FileSystemError) in try writer.write(bytes) }
        }.get()
        try writer.synchronize()
        writeBuffer.removeAll(keepingCapacity: true)
    }

    /// Creates the next segment. It starts with the current hard state and compaction point, so
    /// that deleting older segments never loses them.
    private func startNextSegment() throws(FileSystemError) -> WALSegmentInfo {
        let key = core.state.withLock { $0.keys.current }
        let sealingKey: DataKey? = core.sealing == .encrypted ? key : nil
        var leading: [UInt8] = []
        _ = WALHardStateCodec.encode(lastHardState).withUnsafeBytes { plaintext in
            WALRecordCodec.appendRecord(type: .hardState, index: 0, term: lastHardState.term.rawValue, plaintext: plaintext, key: sealingKey, to: &leading)
        }
        if let lastCompaction {
            WALRecordCodec.appendRecord(
                type: .compaction, index: lastCompaction.index.rawValue, term: lastCompaction.term.rawValue,
                plaintext: UnsafeRawBufferPointer(start: nil, count: 0), key: sealingKey, to: &leading
            )
        }
        let header = WALSegmentHeader(
            sequence: writer.header.sequence + 1,
            firstIndex: max(highestEntryIndex, lastCompaction?.index ?? .zero).rawValue + 1
        )
        writer = try WALSegmentWriter(creating: header, leadingRecords: leading, directory: core.directory, segmentByteCount: core.segmentByteCount)
        return WALSegmentInfo(
            sequence: header.sequence, firstIndex: header.firstIndex, path: writer.path,
            keyIDs: sealingKey.map { [$0.id] } ?? []
        )
    }
}
