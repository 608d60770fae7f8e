/// The kind of a WAL record. Values are part of the on-disk format (Docs/storage.md): never
/// renumber a case.
enum WALRecordType: UInt8 {
    /// First record of every segment: magic, format version, sequence, first index. Plaintext.
    case segmentHeader = 1
    /// A Raft log entry; `index`, `term` and the entry kind sit in the authenticated header.
    case entry = 2
    /// The Raft hard state (term, vote, commit).
    case hardState = 3
    /// Entries from `index` on are void (a new leader overwrote the tail).
    case truncation = 4
    /// Entries up to `index` (of `term`) are in a snapshot and no longer needed.
    case compaction = 5
}
