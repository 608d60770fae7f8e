public import SystemPackage

/// Small files replaced atomically: a reader sees the old content or the new, never a mix, and
/// after `write` returns the new content survives a crash.
public enum AtomicFile {
    /// Replaces `path` with `bytes`: writes `<path>.tmp`, fsyncs it, renames it over `path`,
    /// fsyncs the directory. A crash at any step leaves the old content or the new one.
    public static func write(_ bytes: [UInt8], to path: FilePath, permissions: FilePermissions) throws(FileSystemError) {
        let temporary = FilePath(path.string + ".tmp")
        let descriptor = try FileSystemCalls.open(
            temporary, .writeOnly, options: [.create, .truncate, .noFollow], permissions: permissions
        )
        do {
            try FileSystemCalls.setPermissions(descriptor, permissions, path: temporary)
            try bytes.withUnsafeBytes { buffer in
                Result { () throws(FileSystemError) in try FileSystemCalls.writeAll(descriptor, buffer, path: temporary) }
            }.get()
            try FileSystemCalls.synchronize(descriptor, path: temporary)
        } catch {
            try? descriptor.close()
            try? FileSystemCalls.removeFile(temporary)
            throw error
        }
        try FileSystemCalls.close(descriptor, path: temporary)
        try FileSystemCalls.rename(temporary, to: path)
        try FileSystemCalls.synchronizeDirectory(path.removingLastComponent())
    }

    /// The whole content of the file at `path`, read up to `byteLimit` bytes (a larger file
    /// fails with `Errno.fileTooLarge`: these are small files, and a huge one is damage).
    public static func read(_ path: FilePath, byteLimit: Int = 1 << 20) throws(FileSystemError) -> [UInt8] {
        let descriptor = try FileSystemCalls.open(path, .readOnly, options: .noFollow)
        defer { try? descriptor.close() }
        let size = try FileSystemCalls.status(of: descriptor, path: path).size
        guard size <= byteLimit else {
            throw FileSystemError(path: path, operation: .read, errno: .fileTooLarge)
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let count = try bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(FileSystemError) in try FileSystemCalls.read(descriptor, at: 0, into: buffer, path: path) }
        }.get()
        return Array(bytes.prefix(count))
    }
}
