public import RaftTypes
public import SystemPackage

/// A stored snapshot: the log position it covers and its file.
public struct SnapshotMetadata: Sendable, Hashable, Comparable {
    /// The last log index the snapshot includes.
    public let index: LogIndex
    /// The term of that entry.
    public let term: Term
    /// The data key that sealed it.
    public let keyID: DataKeyID
    /// The snapshot file.
    public let path: FilePath

    public static func < (lhs: SnapshotMetadata, rhs: SnapshotMetadata) -> Bool {
        (lhs.index, lhs.term.rawValue) < (rhs.index, rhs.term.rawValue)
    }
}
