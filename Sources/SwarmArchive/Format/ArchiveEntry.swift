public import SystemPackage

/// One entry of an archive as the reader reports it: a regular file or a directory.
///
/// Other file types (symbolic links, devices, sockets) are never written or accepted: swarmd
/// archives hold state files, and every extra type is an extra way for a hostile archive to
/// escape the directory it is extracted into.
public struct ArchiveEntry: Sendable, Equatable {
    /// What the entry is.
    public enum Kind: Sendable, Equatable {
        case file
        case directory
    }

    /// Relative path inside the archive, `/`-separated, no `.` or `..` components.
    public let path: String
    /// File or directory.
    public let kind: Kind
    /// Bytes of data (0 for a directory).
    public let byteCount: Int64
    /// Permission bits (no set-id or sticky bits survive a round trip).
    public let permissions: FilePermissions
    /// Modification time, in whole seconds since the Unix epoch.
    public let modificationTimeSeconds: Int64
}
