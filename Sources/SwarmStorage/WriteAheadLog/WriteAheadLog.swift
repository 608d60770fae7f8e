import Dispatch
public import RaftTypes
import SwarmFileSystem
import Synchronization
public import SystemPackage

/// The encrypted write-ahead log of Raft entries and hard state.
///
/// Records live in preallocated segment files `%016x-%016x.wal` (sequence, first index) in one
/// directory. Every payload is sealed with the current data key; index, term and type stay in
/// the clear but are authenticated with it. Layout and recovery rules: Docs/storage.md.
///
/// Appending is two steps so that concurrent callers can order their appends themselves:
/// `enqueue` (synchronous) fixes the append's place in the log and checks it continues the
/// log; the returned ticket's `waitUntilDurable()` returns once it is on disk. `append` does
/// both. Concurrent appends share writes and fdatasyncs (group commit).
///
/// Thread-safe. Opening recovers on its own from a crash at any instant; see `recoveryReport`.
public final class WriteAheadLog: Sendable {
    /// How the log is laid out and opened.
    public struct Options: Sendable {
        /// Size every segment is preallocated to.
        public var segmentByteCount: Int64
        /// Whether opening may drop damaged records.
        public var recoveryMode: WALRecoveryMode
        /// Whether payloads are sealed (always, outside the storage benchmark).
        public var sealing: WALRecordSealing

        public init(
            segmentByteCount: Int64 = 64 * 1024 * 1024,
            recoveryMode: WALRecoveryMode = .strict,
            sealing: WALRecordSealing = .encrypted
        ) {
            precondition(segmentByteCount >= 64 * 1024, "WAL segments must be at least 64 KiB")
            self.segmentByteCount = segmentByteCount
            self.recoveryMode = recoveryMode
            self.sealing = sealing
        }
    }

    /// The directory holding the segments.
    public let directory: FilePath
    /// What opening had to do beyond reading (a torn tail erased, a repair).
    public let recoveryReport: WALRecoveryReport
    private let core: WALCore
    private let closing = Mutex(false)

    /// Opens (or creates) the log in `directory`, recovering from any crash.
    ///
    /// - Throws: `WriteAheadLogError.corruptRecord` or `.missingSegment` for damage other than a
    ///   torn tail (unless `options.recoveryMode` repairs), `.authenticationFailed` or
    ///   `.unknownKey` when records do not open with `keys`, `.fileSystem` for I/O failures.
    public init(directory: FilePath, keys: DataKeyRing, options: Options = Options()) throws(WriteAheadLogError) {
        var recovery = WALRecovery(
            directory: directory, keys: keys, sealing: options.sealing, mode: options.recoveryMode,
            segmentByteCount: options.segmentByteCount
        )
        let outcome = try recovery.recover()
        var segments = outcome.segments
        let writer: WALSegmentWriter
        if let existing = outcome.writer {
            writer = existing
        } else {
            let header = WALSegmentHeader(sequence: (segments.last?.sequence ?? 0) + 1, firstIndex: outcome.index.lastIndex.rawValue + 1)
            writer = try fileSystem(
                WALSegmentWriter(creating: header, leadingRecords: [], directory: directory, segmentByteCount: options.segmentByteCount)
            )
            segments.append(WALSegmentInfo(sequence: header.sequence, firstIndex: header.firstIndex, path: writer.path))
        }
        let state = WALState(
            index: outcome.index, segments: segments, keys: keys,
            enqueuedFirstIndex: outcome.index.firstIndex, enqueuedLastIndex: outcome.index.lastIndex
        )
        self.directory = directory
        self.recoveryReport = outcome.report
        self.core = WALCore(directory: directory, sealing: options.sealing, segmentByteCount: options.segmentByteCount, state: state)
        let compactedThrough = outcome.index.compactedThrough
        WALGroupCommitter(
            core: core, writer: writer, hardState: outcome.index.hardState,
            compaction: compactedThrough > .zero ? (compactedThrough, outcome.index.compactedTerm) : nil,
            highestEntryIndex: outcome.highestEntryIndex
        ).start()
    }

    deinit {
        close()
    }

    // MARK: - Appending

    /// Places `entries` (then `hardState`) in the log and returns a ticket for their durability.
    ///
    /// The entries' indexes must be consecutive, and the first must continue the log or replace
    /// stored entries (which voids every entry after it). Sealing happens here, in the caller's
    /// task; writing happens on the commit thread.
    ///
    /// - Throws: `.invalidAppend`, `.entryTooLarge`, `.closed`, `.failed`.
    public func enqueue(entries: [LogEntry], hardState: HardState? = nil) throws(WriteAheadLogError) -> AppendTicket {
        for (offset, entry) in entries.enumerated() where entry.index.rawValue != entries[0].index.rawValue + UInt64(offset) {
            throw .invalidAppend(index: entry.index, firstIndex: entries[0].index, lastIndex: entries[0].index)
        }
        let key = sealingKey()
        var bytes: [UInt8] = []
        var records: [PendingAppend.Record] = []
        for entry in entries {
            let byteCount = try sealEntry(entry, key: key, into: &bytes)
            records.append(.init(effect: .entry(index: entry.index, term: entry.term), byteCount: byteCount))
        }
        if let hardState {
            let byteCount = WALHardStateCodec.encode(hardState).withUnsafeBytes { plaintext in
                WALRecordCodec.appendRecord(type: .hardState, index: 0, term: hardState.term.rawValue, plaintext: plaintext, key: key, to: &bytes)
            }
            records.append(.init(effect: .hardState(hardState), byteCount: byteCount))
        }
        let ticket = AppendTicket()
        guard !records.isEmpty else {
            ticket.complete(.success(()))
            return ticket
        }
        let range = entries.isEmpty ? nil : entries[0].index...entries[entries.count - 1].index
        try core.enqueue(PendingAppend(bytes: bytes, records: records, ticket: ticket, keyID: key?.id), entries: range, marker: nil)
        return ticket
    }

    /// Appends `entries` and `hardState` and returns once they are durable.
    public func append(entries: [LogEntry], hardState: HardState? = nil) async throws(WriteAheadLogError) {
        try await enqueue(entries: entries, hardState: hardState).waitUntilDurable()
    }

    /// Voids every entry from `index` on (a new leader overwrote this member's tail); returns
    /// once that is durable.
    public func truncateSuffix(from index: LogIndex) async throws(WriteAheadLogError) {
        try await enqueueMarker(.truncation, index: index, term: .zero, effect: .truncation(from: index)).waitUntilDurable()
    }

    /// Records that entries up to `index` (whose term is `term`) are in a snapshot, then deletes
    /// the segments that hold nothing newer. Compacting past the last entry (installing a
    /// snapshot) empties the log, which continues at `index + 1`.
    public func compact(through index: LogIndex, term: Term) async throws(WriteAheadLogError) {
        try await enqueueMarker(.compaction, index: index, term: term, effect: .compaction(through: index, term: term)).waitUntilDurable()
        try removeObsoleteSegments()
    }

    /// Closes the current segment and starts a new one, which begins with the hard state and
    /// compaction point sealed with the current key: after `useKeys`, this confines records
    /// sealed with the old key to older segments, which compaction can delete.
    public func startNewSegment() async throws(WriteAheadLogError) {
        let ticket = AppendTicket()
        try core.enqueue(PendingAppend(bytes: [], records: [], ticket: ticket, startsNewSegment: true), entries: nil, marker: nil)
        try await ticket.waitUntilDurable()
    }

    /// The ids of the data keys that sealed records in the kept segments.
    public var keyIDsInUse: Set<DataKeyID> {
        core.state.withLock { state in state.segments.reduce(into: Set<DataKeyID>()) { $0.formUnion($1.keyIDs) } }
    }

    /// Switches to a new key ring (DEK rotation): new records are sealed with `keys.current`;
    /// records already written must stay readable with the ring's other keys.
    public func useKeys(_ keys: DataKeyRing) {
        core.state.withLock { $0.keys = keys }
    }

    /// Writes everything queued, then stops the commit thread. Later calls fail with `.closed`.
    public func close() {
        let isFirstClose = closing.withLock { isClosing in
            defer { isClosing = true }
            return !isClosing
        }
        guard isFirstClose else { return }
        core.close()
        core.exited.wait()
    }

    // MARK: - Reading

    /// The first stored index (entries before it are in a snapshot).
    public var firstIndex: LogIndex { core.state.withLock { $0.index.firstIndex } }
    /// The last durable index (`firstIndex - 1` when the log is empty).
    public var lastIndex: LogIndex { core.state.withLock { $0.index.lastIndex } }
    /// The last durable hard state.
    public var hardState: HardState { core.state.withLock { $0.index.hardState } }
    /// How many appends and batches were committed since the log was opened.
    public var statistics: WALStatistics { core.state.withLock { $0.statistics } }

    /// The term of the entry at `index`, also for the compaction point; nil outside the log.
    public func term(at index: LogIndex) -> Term? {
        core.state.withLock { $0.index.term(at: index) }
    }

    /// The durable entries in `range`, read from disk and authenticated.
    ///
    /// - Throws: `.unavailable` outside `firstIndex...lastIndex`; `.authenticationFailed`,
    ///   `.corruptRecord` or `.unknownKey` for records damaged since the log was opened.
    public func entries(in range: Range<LogIndex>) throws(WriteAheadLogError) -> [LogEntry] {
        let (locations, paths, keys) = try core.state.withLock { (state) throws(WriteAheadLogError) in
            (try state.index.entryLocations(in: range), WALEntryReader.paths(of: state.segments), state.keys)
        }
        return try WALEntryReader.entries(from: range.lowerBound, at: locations, paths: paths, keys: keys, sealing: core.sealing)
    }

    // MARK: - Internals

    private func sealingKey() -> DataKey? {
        core.sealing == .encrypted ? core.state.withLock { $0.keys.current } : nil
    }

    private func sealEntry(_ entry: LogEntry, key: DataKey?, into bytes: inout [UInt8]) throws(WriteAheadLogError) -> Int {
        let limit = min(WALLimits.entryDataByteLimit, Int(core.segmentByteCount) / 2)
        guard entry.data.count <= limit else {
            throw .entryTooLarge(index: entry.index, byteCount: entry.data.count, limit: limit)
        }
        return entry.data.withUnsafeBytes { data in
            WALRecordCodec.appendRecord(
                type: .entry, entryKind: entry.kind.rawValue, index: entry.index.rawValue, term: entry.term.rawValue,
                plaintext: data, key: key, to: &bytes
            )
        }
    }

    private func enqueueMarker(_ type: WALRecordType, index: LogIndex, term: Term, effect: WALRecordEffect) throws(WriteAheadLogError) -> AppendTicket {
        // One read of the key: the record must be listed under the key that sealed it, even if
        // `useKeys` switches keys meanwhile.
        let key = sealingKey()
        var bytes: [UInt8] = []
        let byteCount = WALRecordCodec.appendRecord(
            type: type, index: index.rawValue, term: term.rawValue,
            plaintext: UnsafeRawBufferPointer(start: nil, count: 0), key: key, to: &bytes
        )
        let ticket = AppendTicket()
        let append = PendingAppend(bytes: bytes, records: [.init(effect: effect, byteCount: byteCount)], ticket: ticket, keyID: key?.id)
        try core.enqueue(append, entries: nil, marker: effect)
        return ticket
    }

    /// Deletes segments whose every entry is at or before the compaction point. The newest
    /// segment is never deleted: the commit thread writes to it.
    private func removeObsoleteSegments() throws(WriteAheadLogError) {
        let obsolete = core.state.withLock { state -> [WALSegmentInfo] in
            let compactedThrough = state.index.compactedThrough.rawValue
            var count = 0
            while count + 1 < state.segments.count, state.segments[count + 1].firstIndex - 1 <= compactedThrough {
                count += 1
            }
            defer { state.segments.removeFirst(count) }
            return Array(state.segments.prefix(count))
        }
        guard !obsolete.isEmpty else { return }
        for segment in obsolete {
            try fileSystem(FileSystemCalls.removeFile(segment.path))
        }
        try fileSystem(FileSystemCalls.synchronizeDirectory(directory))
    }
}
