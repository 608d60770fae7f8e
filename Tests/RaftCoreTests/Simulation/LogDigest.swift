import RaftCore
import RaftTypes

/// A chain of hashes over a member's log (element i covers entries 1…i+1), kept up to date
/// cheaply: entries at or below the commit index never change, so only the tail is rehashed.
/// Entries a snapshot compacted away are read from the member's state machine.
struct LogDigest {
    private(set) var chain: [UInt64] = []
    private var terms: [Term] = []
    private var stableThrough = 0

    mutating func update(from log: RaftLog, applied: [LogEntry]) {
        let count = Int(log.lastIndex.rawValue)
        let start = min(stableThrough, count, chain.count)
        chain.removeSubrange(start...)
        terms.removeSubrange(start...)
        let compacted = Int(log.snapshotIndex.rawValue)
        for position in start..<count {
            let entry = position < compacted ? applied[position] : log.entries[position - compacted]
            var hasher = Hasher()
            hasher.combine(position == 0 ? 0 : chain[position - 1])
            hasher.combine(entry.term.rawValue)
            hasher.combine(entry.kind.rawValue)
            hasher.combine(entry.data)
            chain.append(UInt64(bitPattern: Int64(hasher.finalize())))
            terms.append(entry.term)
        }
        stableThrough = Int(log.committed.rawValue)
    }

    func term(at index: Int) -> Term? {
        index >= 1 && index <= terms.count ? terms[index - 1] : nil
    }

    var count: Int { chain.count }
}
