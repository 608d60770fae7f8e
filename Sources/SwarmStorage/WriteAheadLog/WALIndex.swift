import RaftTypes

/// Where a stored entry's record is, and its term (kept in memory: Raft asks for terms often).
struct WALEntryLocation: Equatable {
    var segmentSequence: UInt32
    var offset: UInt32
    var recordByteCount: UInt32
    var term: UInt64
}

/// What a durable record does to the log, applied in order at recovery and after each batch.
enum WALRecordEffect: Equatable {
    case entry(index: LogIndex, term: Term)
    case hardState(HardState)
    case truncation(from: LogIndex)
    case compaction(through: LogIndex, term: Term)
}

/// The in-memory view of the log: which indexes exist and where their records are.
///
/// Entries `compactedThrough + 1 ... lastIndex` are stored; `locations[k]` is the entry at
/// `compactedThrough + 1 + k`. An entry record with an index at or below `lastIndex` replaces
/// that entry and voids everything after it, as Raft requires when a new leader overwrites a
/// follower's tail.
struct WALIndex {
    /// Why an effect cannot apply: the log on disk or the caller's append is inconsistent.
    enum Conflict: Equatable {
        case gap(expected: LogIndex, found: LogIndex)
        case overwritesCompacted(index: LogIndex, compactedThrough: LogIndex)
    }

    private(set) var compactedThrough: LogIndex = .zero
    private(set) var compactedTerm: Term = .zero
    private(set) var locations: [WALEntryLocation] = []
    private(set) var hardState: HardState = .initial
    /// Recovery only: entry records at or below the compaction point are skipped rather than
    /// treated as conflicts, because recovery starts from the final compaction point.
    private let skipsCompactedEntries: Bool

    /// An empty log starting at index 1.
    init() {
        self.skipsCompactedEntries = false
    }

    /// The log being recovered, whose final compaction point (the highest compaction record)
    /// is known up front: older segments may have been deleted, so entries at or below it may
    /// be missing, and those present are void anyway.
    init(recoveringFrom compactedThrough: LogIndex, term: Term) {
        self.compactedThrough = compactedThrough
        self.compactedTerm = term
        self.skipsCompactedEntries = true
    }

    var firstIndex: LogIndex { compactedThrough.next }
    var lastIndex: LogIndex { LogIndex(compactedThrough.rawValue + UInt64(locations.count)) }

    /// Whether an entry at `index` may be appended now (the next index, or a replacement).
    func conflict(appending index: LogIndex) -> Conflict? {
        if index <= compactedThrough { return .overwritesCompacted(index: index, compactedThrough: compactedThrough) }
        if index > lastIndex.next { return .gap(expected: lastIndex.next, found: index) }
        return nil
    }

    /// Applies one durable record; `location` is where an entry's record is.
    mutating func apply(_ effect: WALRecordEffect, location: WALEntryLocation?) -> Conflict? {
        switch effect {
        case .entry(let index, _):
            if skipsCompactedEntries, index <= compactedThrough {
                // The entry itself is void, but writing it voided everything after it.
                truncate(from: firstIndex)
                return nil
            }
            if let conflict = conflict(appending: index) { return conflict }
            truncate(from: index)
            guard let location else { preconditionFailure("an entry record always has a location") }
            locations.append(location)
        case .hardState(let state):
            hardState = state
        case .truncation(let index):
            truncate(from: max(index, firstIndex))
        case .compaction(let index, let term):
            compact(through: index, term: term)
        }
        return nil
    }

    /// Where the entries in `range` are, in order.
    ///
    /// - Throws: `.unavailable` unless `range` lies within `firstIndex...lastIndex`.
    func entryLocations(in range: Range<LogIndex>) throws(WriteAheadLogError) -> [WALEntryLocation] {
        guard range.lowerBound >= firstIndex, range.upperBound <= lastIndex.next else {
            throw .unavailable(range: range, firstIndex: firstIndex, lastIndex: lastIndex)
        }
        return (range.lowerBound.rawValue..<range.upperBound.rawValue).compactMap { location(of: LogIndex($0)) }
    }

    /// The location of the entry at `index`, if stored.
    func location(of index: LogIndex) -> WALEntryLocation? {
        guard index > compactedThrough, index <= lastIndex else { return nil }
        return locations[Int(index.rawValue - compactedThrough.rawValue - 1)]
    }

    /// The term of the entry at `index`: also known for the compaction point itself.
    func term(at index: LogIndex) -> Term? {
        if index == compactedThrough { return compactedTerm }
        return location(of: index).map { Term($0.term) }
    }

    private mutating func truncate(from index: LogIndex) {
        guard index <= lastIndex else { return }
        locations.removeLast(Int(lastIndex.rawValue - index.rawValue + 1))
    }

    private mutating func compact(through index: LogIndex, term: Term) {
        guard index > compactedThrough else { return }
        if index >= lastIndex {
            // A snapshot beyond the log: the log restarts after it.
            locations.removeAll()
        } else {
            locations.removeFirst(Int(index.rawValue - compactedThrough.rawValue))
        }
        compactedThrough = index
        compactedTerm = term
    }
}
