public import RaftTypes
public import SystemPackage

/// What opening the log had to do beyond reading it, for the operator's log. A clean shutdown or
/// an idle crash gives an empty report.
public struct WALRecoveryReport: Sendable, Equatable, CustomStringConvertible {
    /// The remains of a write cut short by a crash, erased from the end of the last segment.
    /// They were never acknowledged: no append that returned is lost.
    public struct TornTail: Sendable, Equatable {
        public let segment: FilePath
        public let offset: Int64
        public let byteCount: Int64
    }

    /// What an explicit repair dropped to open a log damaged before its tail.
    public struct Repair: Sendable, Equatable {
        public let segment: FilePath
        public let offset: Int64
        public let corruption: WriteAheadLogError.Corruption
        public let lastGoodIndex: LogIndex
        public let droppedByteCount: Int64
        public let removedSegments: [FilePath]
    }

    public internal(set) var tornTail: TornTail?
    /// Segments whose creation a crash interrupted (no record in them was ever acknowledged).
    public internal(set) var removedIncompleteSegments: [FilePath] = []
    public internal(set) var repair: Repair?

    /// Whether the log opened exactly as it was left.
    public var isClean: Bool { tornTail == nil && removedIncompleteSegments.isEmpty && repair == nil }

    public var description: String {
        var parts: [String] = []
        if let tornTail {
            parts.append("erased \(tornTail.byteCount) bytes of an unacknowledged write cut short at byte \(tornTail.offset) of \(tornTail.segment)")
        }
        for segment in removedIncompleteSegments {
            parts.append("removed \(segment), whose creation a crash interrupted")
        }
        if let repair {
            parts.append(
                "REPAIR dropped \(repair.droppedByteCount) bytes from byte \(repair.offset) of \(repair.segment) "
                    + "(\(repair.corruption)) and \(repair.removedSegments.count) later segments; the log now ends at "
                    + "entry \(repair.lastGoodIndex)"
            )
        }
        return parts.isEmpty ? "the log was intact" : parts.joined(separator: "; ")
    }
}

/// Whether opening may drop damaged records.
public enum WALRecoveryMode: Sendable {
    /// Refuse to open a log damaged anywhere but in a torn tail (the default).
    case strict
    /// Cut the log at the first damaged record and drop everything after it, reporting how much.
    case repairByTruncating
}
