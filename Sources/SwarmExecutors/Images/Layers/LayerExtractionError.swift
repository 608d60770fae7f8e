public import SwarmFileSystem

/// Why a layer could not be unpacked. Whatever the case, the caller discards the directory it
/// was unpacking into: part of the layer may be there.
public enum LayerExtractionError: Error, Sendable, CustomStringConvertible {
    /// An entry (named as the layer writes it) would reach outside the root.
    case unsafeEntry(String, LayerEntryProblem)
    /// The layer is not a tar stream (plain, gzip or zstd), or is damaged after `afterEntry`.
    case unreadable(afterEntry: String?, reason: String)
    /// An entry could not be written; `reason` is libarchive's message.
    case unwritable(entry: String, reason: String)
    /// The operating system refused a file operation.
    case fileSystem(FileSystemError)

    /// What happened, completing "layer X of IMAGE …".
    public var problemDescription: String {
        switch self {
        case .unsafeEntry(let entry, let problem):
            "has an entry \(entry) that \(problem): refusing the image"
        case .unreadable(let afterEntry, let reason):
            "cannot be read\(afterEntry.map { " after entry \($0)" } ?? "") (\(reason)): it is not a tar archive, plain or compressed with gzip or zstd, or it is damaged; refusing the image"
        case .unwritable(let entry, let reason):
            "could not be unpacked at entry \(entry) (\(reason)); check the node's disk: free space, inodes and permissions"
        case .fileSystem(let error):
            "could not be unpacked: \(error)"
        }
    }

    public var description: String {
        "layer \(problemDescription)"
    }
}
