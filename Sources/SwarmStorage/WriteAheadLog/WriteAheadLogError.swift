public import RaftTypes
public import SwarmFileSystem
public import SystemPackage

/// Why the write-ahead log could not be opened, written or read. Messages name the file and
/// offset concerned and what the operator can do; nothing in them is ever decrypted data.
public enum WriteAheadLogError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with a record that is not a torn tail.
    public enum Corruption: Sendable, Equatable, CustomStringConvertible {
        case checksumMismatch
        case malformedHeader
        case badSegmentHeader
        case dataAfterEnd
        case inconsistentLog(String)

        public var description: String {
            switch self {
            case .checksumMismatch: "checksum mismatch"
            case .malformedHeader: "malformed record header"
            case .badSegmentHeader: "not a swarmd WAL segment header, or one for another segment"
            case .dataAfterEnd: "data after the end of the log"
            case .inconsistentLog(let detail): "inconsistent log: \(detail)"
            }
        }
    }

    /// The operating system refused a file operation.
    case fileSystem(FileSystemError)
    /// A record before the tail is damaged; the log refuses to open so nothing is skipped.
    case corruptRecord(segment: FilePath, offset: Int64, lastGoodIndex: LogIndex, corruption: Corruption)
    /// A segment between two others is missing.
    case missingSegment(directory: FilePath, sequence: UInt64)
    /// A record's payload failed authentication: modified on disk, or sealed with another key.
    case authenticationFailed(segment: FilePath, offset: Int64, index: LogIndex)
    /// A record was sealed with a data key the key store does not hold.
    case unknownKey(segment: FilePath, offset: Int64, keyID: DataKeyID)
    /// An append skips indexes or rewrites compacted ones.
    case invalidAppend(index: LogIndex, firstIndex: LogIndex, lastIndex: LogIndex)
    /// An entry is larger than a record may be.
    case entryTooLarge(index: LogIndex, byteCount: Int, limit: Int)
    /// Entries outside the stored range were asked for.
    case unavailable(range: Range<LogIndex>, firstIndex: LogIndex, lastIndex: LogIndex)
    /// The log was closed.
    case closed
    /// A write or fsync failed earlier; the log accepts nothing more until it is reopened.
    case failed(FileSystemError)

    public var description: String {
        switch self {
        case .fileSystem(let error):
            "write-ahead log: \(error)"
        case .corruptRecord(let segment, let offset, let lastGoodIndex, let corruption):
            "WAL segment \(segment) is corrupt at byte \(offset) (\(corruption)); it is not the tail, "
                + "so it was not repaired; the last good entry is index \(lastGoodIndex). Restore this "
                + "manager from a backup (swarm-restore), or open the log with repair to drop everything "
                + "from this record on"
        case .missingSegment(let directory, let sequence):
            "WAL segment \(sequence) is missing from \(directory) while later ones exist; the log has "
                + "a hole: restore this manager from a backup (swarm-restore)"
        case .authenticationFailed(let segment, let offset, let index):
            "the record of entry \(index) in WAL segment \(segment) at byte \(offset) failed "
                + "authentication: it was modified on disk; restore this manager from a backup"
        case .unknownKey(let segment, let offset, let keyID):
            "the record in WAL segment \(segment) at byte \(offset) was sealed with data key \(keyID), "
                + "which the key store does not hold: the key store and the log do not belong together"
        case .invalidAppend(let index, let firstIndex, let lastIndex):
            "cannot append entry \(index): the log holds \(firstIndex)…\(lastIndex), and an append must "
                + "continue it or replace entries after \(firstIndex.previous)"
        case .entryTooLarge(let index, let byteCount, let limit):
            "entry \(index) is \(byteCount) bytes, more than the \(limit) a WAL record may hold"
        case .unavailable(let range, let firstIndex, let lastIndex):
            "entries \(range.lowerBound)..<\(range.upperBound) are not in the log, which holds "
                + "\(firstIndex)…\(lastIndex) (earlier ones are in the snapshot)"
        case .closed:
            "the write-ahead log is closed"
        case .failed(let error):
            "the write-ahead log stopped after a failed write (\(error)); nothing written since is "
                + "durable: restart swarmd so that it recovers the log"
        }
    }
}
