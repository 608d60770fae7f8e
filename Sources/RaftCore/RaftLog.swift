public import RaftTypes

/// The log as one member holds it in memory: the entries after its latest snapshot, and how far
/// they are persisted (`stableIndex`), committed and applied. Entries past `stableIndex` exist
/// only here until the node persists them and calls `Raft.advance`.
public struct RaftLog: Sendable {
    /// The last index the latest snapshot covers (`zero` without one), and its term.
    public private(set) var snapshotIndex: LogIndex
    public private(set) var snapshotTerm: Term
    /// Entries from `snapshotIndex + 1` on, without gaps.
    public private(set) var entries: [LogEntry]
    /// Entries up to here are durable.
    public private(set) var stableIndex: LogIndex
    /// Entries up to here are committed (never decreases).
    public private(set) var committed: LogIndex
    /// Entries up to here were handed to the state machine.
    public private(set) var applied: LogIndex

    /// A log restored from storage: everything in it is durable.
    init(snapshotIndex: LogIndex, snapshotTerm: Term, entries: [LogEntry], committed: LogIndex) {
        precondition(entries.first.map { $0.index == snapshotIndex.next } ?? true, "RaftLog: entries must follow the snapshot")
        self.snapshotIndex = snapshotIndex
        self.snapshotTerm = snapshotTerm
        self.entries = entries
        self.stableIndex = LogIndex(snapshotIndex.rawValue + UInt64(entries.count))
        self.committed = max(committed, snapshotIndex)
        self.applied = snapshotIndex
        precondition(self.committed <= lastIndex, "RaftLog: the commit index lies beyond the last entry")
    }

    public var lastIndex: LogIndex { LogIndex(snapshotIndex.rawValue + UInt64(entries.count)) }
    public var lastTerm: Term { entries.last?.term ?? snapshotTerm }

    /// The term of the entry at `index`, also for the snapshot's last index; nil outside the log.
    public func term(at index: LogIndex) -> Term? {
        if index == snapshotIndex { return snapshotTerm }
        guard index > snapshotIndex, index <= lastIndex else { return nil }
        return entries[position(of: index)].term
    }

    /// Whether a log ending at `lastIndex` in `lastTerm` is at least as up to date as this one
    /// (Raft §5.4.1): the candidate a member may vote for.
    func isUpToDate(lastIndex: LogIndex, lastTerm: Term) -> Bool {
        lastTerm > self.lastTerm || (lastTerm == self.lastTerm && lastIndex >= self.lastIndex)
    }

    /// Entries from `start` on, at most `maximumByteCount` of data but at least one.
    func entries(from start: LogIndex, maximumByteCount: Int) -> [LogEntry] {
        guard start <= lastIndex, start > snapshotIndex else { return [] }
        let first = position(of: start)
        var byteCount = 0
        var end = first
        while end < entries.count, end == first || byteCount + entries[end].data.count <= maximumByteCount {
            byteCount += entries[end].data.count
            end += 1
        }
        return Array(entries[first..<end])
    }

    /// The entries from `start` through `end` (those still in memory).
    func entries(from start: LogIndex, through end: LogIndex) -> ArraySlice<LogEntry> {
        let first = max(start, snapshotIndex.next)
        guard first <= end, end <= lastIndex else { return [] }
        return entries[position(of: first)...position(of: end)]
    }

    /// The entries not yet durable.
    var unstableEntries: ArraySlice<LogEntry> {
        entries[position(of: stableIndex.next)...]
    }

    /// The committed, durable entries not yet applied (none while a received snapshot waits to
    /// be installed).
    var committedUnapplied: ArraySlice<LogEntry> {
        let end = min(committed, stableIndex)
        guard end > applied, applied >= snapshotIndex else { return [] }
        return entries[position(of: applied.next)...position(of: end)]
    }

    // MARK: - Changing

    /// A leader's new entry.
    mutating func append(_ entry: LogEntry) {
        precondition(entry.index == lastIndex.next, "RaftLog: a leader appends right after its last entry")
        entries.append(entry)
    }

    /// A follower's append: if the entry at `previousIndex` has `previousTerm`, adds `newEntries`
    /// after it, replacing the first conflicting entry and everything after, and returns the
    /// index of the last new entry and of the first entry added or replaced (nil if none); nil
    /// when the logs do not match there.
    mutating func appendIfMatching(
        previousIndex: LogIndex,
        previousTerm: Term,
        _ newEntries: [LogEntry]
    ) -> (lastNewIndex: LogIndex, firstChanged: LogIndex?)? {
        guard term(at: previousIndex) == previousTerm else { return nil }
        let lastNewIndex = LogIndex(previousIndex.rawValue + UInt64(newEntries.count))
        guard let conflict = newEntries.first(where: { term(at: $0.index) != $0.term }) else { return (lastNewIndex, nil) }
        // A conflict at or below the commit index would undo a committed entry: Raft forbids it.
        precondition(conflict.index > committed, "RaftLog: an append conflicts with the committed entry at \(conflict.index)")
        entries.removeSubrange(position(of: conflict.index)...)
        entries += newEntries.drop { $0.index < conflict.index }
        stableIndex = min(stableIndex, conflict.index.previous)
        return (lastNewIndex, conflict.index)
    }

    /// The last index at or before `index` whose term is at most `term`, and that term: where a
    /// leader probing with (`index`, `term`) can next hope to match (the snapshot's last index
    /// at the least).
    func lastIndex(atOrBefore index: LogIndex, withTermAtMost term: Term) -> (index: LogIndex, term: Term) {
        var candidate = min(index, lastIndex)
        while candidate > snapshotIndex {
            let candidateTerm = entries[position(of: candidate)].term
            if candidateTerm <= term { return (candidate, candidateTerm) }
            candidate = candidate.previous
        }
        return (snapshotIndex, snapshotTerm)
    }

    mutating func commit(to index: LogIndex) {
        guard index > committed else { return }
        precondition(index <= lastIndex, "RaftLog: commit index \(index) beyond the last entry \(lastIndex)")
        committed = index
    }

    /// The entries up to `index` are durable, if the one at `index` still has `term` (it may have
    /// been replaced since the node started writing it).
    mutating func markStable(through index: LogIndex, term: Term) {
        guard self.term(at: index) == term, index > stableIndex else { return }
        stableIndex = index
    }

    /// Drops the entries through `index`, which a snapshot now covers.
    mutating func compact(through index: LogIndex) {
        guard index > snapshotIndex else { return }
        precondition(index <= applied && index <= stableIndex, "RaftLog: only applied, durable entries can be compacted")
        snapshotTerm = term(at: index)!
        entries.removeSubrange(..<(position(of: index) + 1))
        snapshotIndex = index
    }

    /// Replaces the whole log with a snapshot through `index` (a follower too far behind).
    mutating func restore(index: LogIndex, term: Term) {
        precondition(index > committed, "RaftLog: a snapshot must be newer than the commit index")
        snapshotIndex = index
        snapshotTerm = term
        entries = []
        stableIndex = index
        committed = index
    }

    mutating func markApplied(through index: LogIndex) {
        precondition(index <= committed && index >= applied, "RaftLog: applied index out of order")
        applied = index
    }

    private func position(of index: LogIndex) -> Int {
        Int(index.rawValue - snapshotIndex.rawValue - 1)
    }
}
