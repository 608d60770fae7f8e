public import SystemPackage

/// Files that receive a test child's standard output or error.
public enum LogDescriptor {
    /// Opens `path` for writing at its end (created if missing), so a restarted process keeps
    /// adding to the same log. The caller closes it once the child has started.
    public static func appending(to path: FilePath) throws -> FileDescriptor {
        try FileDescriptor.open(path, .writeOnly, options: [.create, .append, .closeOnExec], permissions: [.ownerReadWrite, .groupRead])
    }

    /// Opens `path` empty for writing (created if missing, truncated if not).
    public static func truncating(_ path: FilePath) throws -> FileDescriptor {
        try FileDescriptor.open(path, .writeOnly, options: [.create, .truncate, .closeOnExec], permissions: [.ownerReadWrite, .groupRead])
    }
}
