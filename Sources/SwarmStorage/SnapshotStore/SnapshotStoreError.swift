public import SwarmFileSystem
public import SystemPackage

/// Why a snapshot could not be written or read. Messages name the file and chunk concerned and
/// never contain snapshot data.
public enum SnapshotStoreError: Error, Sendable, CustomStringConvertible {
    /// The operating system refused a file operation.
    case fileSystem(FileSystemError)
    /// The file does not start with a valid snapshot header.
    case badHeader(FilePath)
    /// The snapshot was sealed with a data key the key ring does not hold.
    case unknownKey(FilePath, DataKeyID)
    /// A chunk failed authentication: modified on disk, or moved from elsewhere.
    case chunkAuthenticationFailed(FilePath, chunk: UInt64, offset: Int64)
    /// The file ends before its last chunk: it was cut short.
    case truncated(FilePath, afterChunk: UInt64?)
    /// Bytes follow the last chunk.
    case dataAfterLastChunk(FilePath, offset: Int64)
    /// A snapshot for this index and term already exists.
    case alreadyExists(FilePath)
    /// The writer already failed or finished.
    case writerUnusable

    public var description: String {
        switch self {
        case .fileSystem(let error):
            "snapshot store: \(error)"
        case .badHeader(let path):
            "\(path) is not a swarmd snapshot, or its header is damaged; delete it to fall back to an older snapshot"
        case .unknownKey(let path, let keyID):
            "snapshot \(path) was sealed with data key \(keyID), which the key store does not hold"
        case .chunkAuthenticationFailed(let path, let chunk, let offset):
            "chunk \(chunk) of snapshot \(path) (at byte \(offset)) failed authentication: the file was modified; "
                + "delete it to fall back to an older snapshot, or restore from a backup"
        case .truncated(let path, let chunk):
            "snapshot \(path) ends too early\(chunk.map { " after chunk \($0)" } ?? ""): it was cut short; "
                + "delete it to fall back to an older snapshot"
        case .dataAfterLastChunk(let path, let offset):
            "snapshot \(path) has data after its last chunk (at byte \(offset)): it was altered"
        case .alreadyExists(let path):
            "a snapshot already exists at \(path)"
        case .writerUnusable:
            "this snapshot writer already failed or finished; start a new one"
        }
    }
}
