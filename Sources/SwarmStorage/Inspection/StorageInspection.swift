public import RaftTypes
public import SystemPackage

/// An offline, read-only summary of a manager's storage for operators: which files exist, what
/// they hold and whether they are intact. It never contains a key, a token or any payload.
public struct StorageInspection: Sendable, CustomStringConvertible {
    /// The state of the key store.
    public enum Keys: Sendable {
        case missing
        case locked
        case open(isAutolocked: Bool, sealingKey: DataKeyID, otherKeys: [DataKeyID])
        case unreadable(String)
    }

    /// One WAL segment, read record by record without decrypting anything.
    public struct Segment: Sendable {
        public let name: String
        public let fileByteCount: Int64
        public let recordCount: Int
        public let entryIndexes: ClosedRange<UInt64>?
        public let keyIDs: [DataKeyID]
        /// Where the valid records end and what follows (clean end, torn tail, damage).
        public let ending: String
    }

    /// A file in the log's directory that is not a segment (swarmd ignores it).
    public struct OtherFile: Sendable {
        public let name: String
        public let fileByteCount: Int64
    }

    /// What replaying the log (with the keys) finds.
    public enum Log: Sendable {
        case notReplayed(reason: String)
        case replayed(firstIndex: LogIndex, lastIndex: LogIndex, hardState: HardState, recovery: WALRecoveryReport)
        case damaged(String)
    }

    /// One snapshot file, from its header.
    public struct Snapshot: Sendable {
        public let name: String
        public let fileByteCount: Int64
        public let metadata: SnapshotMetadata?
        public let problem: String?
    }

    public let directory: FilePath
    public let keys: Keys
    public let segments: [Segment]
    /// Files beside the segments that are not part of the log (strays an operator should know of).
    public let otherLogFiles: [OtherFile]
    public let log: Log
    public let snapshots: [Snapshot]

    public var description: String {
        var lines = ["storage in \(directory)"]
        switch keys {
        case .missing:
            lines.append("keys: no key store (not a manager's storage, or not initialised)")
        case .locked:
            lines.append("keys: LOCKED (autolock); give --unlock-key-file to replay the log")
        case .open(let isAutolocked, let sealingKey, let otherKeys):
            let protection = isAutolocked ? "autolocked" : "not autolocked (data keys in a 0600 file)"
            let rotation = otherKeys.isEmpty ? "" : "; rotation in progress, old key(s) \(otherKeys.map(\.description).joined(separator: ", "))"
            lines.append("keys: \(protection); sealing key \(sealingKey)\(rotation)")
        case .unreadable(let reason):
            lines.append("keys: UNREADABLE: \(reason)")
        }
        switch log {
        case .notReplayed(let reason):
            lines.append("log: not replayed (\(reason))")
        case .replayed(let firstIndex, let lastIndex, let hardState, let recovery):
            let range = lastIndex < firstIndex ? "empty, next entry \(firstIndex)" : "entries \(firstIndex)…\(lastIndex)"
            lines.append("log: \(range); hard state term \(hardState.term), vote \(hardState.vote.map(\.description) ?? "none"), commit \(hardState.commit)")
            if !recovery.isClean { lines.append("  opening would: \(recovery)") }
        case .damaged(let reason):
            lines.append("log: DAMAGED: \(reason)")
        }
        lines.append("segments: \(segments.count)")
        for segment in segments {
            let entries = segment.entryIndexes.map { "entries \($0.lowerBound)…\($0.upperBound)" } ?? "no entries"
            let keys = segment.keyIDs.isEmpty ? "" : ", keys \(segment.keyIDs.map(\.description).joined(separator: ", "))"
            lines.append("  \(segment.name)  \(Self.size(segment.fileByteCount))  \(segment.recordCount) records, \(entries)\(keys); \(segment.ending)")
        }
        for file in otherLogFiles {
            lines.append("  \(file.name)  \(Self.size(file.fileByteCount))  not part of the log (swarmd ignores it)")
        }
        lines.append("snapshots: \(snapshots.count)")
        for snapshot in snapshots {
            if let metadata = snapshot.metadata {
                lines.append("  \(snapshot.name)  \(Self.size(snapshot.fileByteCount))  index \(metadata.index), term \(metadata.term), key \(metadata.keyID)")
            } else {
                lines.append("  \(snapshot.name)  \(Self.size(snapshot.fileByteCount))  DAMAGED: \(snapshot.problem ?? "unreadable")")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func size(_ byteCount: Int64) -> String {
        byteCount >= 1 << 20 ? "\(byteCount >> 20) MiB" : "\(byteCount) B"
    }
}
