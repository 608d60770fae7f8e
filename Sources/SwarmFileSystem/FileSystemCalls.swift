#if canImport(Glibc)
import Glibc
#endif
import CFileSystemCalls
public import SystemPackage

/// POSIX file calls for durable storage, each throwing a `FileSystemError` that names the path
/// and the operation. What swift-system wraps is used through it; the rest (fsync, fdatasync,
/// link, fallocate, directory listing) is called here.
public enum FileSystemCalls {
    /// Opens `path` (always close-on-exec).
    public static func open(
        _ path: FilePath,
        _ mode: FileDescriptor.AccessMode,
        options: FileDescriptor.OpenOptions = [],
        permissions: FilePermissions? = nil
    ) throws(FileSystemError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(path, mode, options: options.union(.closeOnExec), permissions: permissions)
        } catch {
            throw FileSystemError(path: path, operation: .open, errno: error as? Errno ?? .ioError)
        }
    }

    /// Creates `path` for writing, failing with `Errno.fileExists` if anything (a file, a
    /// symbolic link) is already there.
    public static func createExclusively(
        _ path: FilePath,
        _ mode: FileDescriptor.AccessMode = .writeOnly,
        permissions: FilePermissions
    ) throws(FileSystemError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(
                path, mode, options: [.create, .exclusiveCreate, .noFollow, .closeOnExec], permissions: permissions
            )
        } catch {
            throw FileSystemError(path: path, operation: .create, errno: error as? Errno ?? .ioError)
        }
    }

    /// Reads up to `buffer.count` bytes at the current position; 0 means end of file.
    public static func read(
        _ descriptor: FileDescriptor,
        into buffer: UnsafeMutableRawBufferPointer,
        path: FilePath
    ) throws(FileSystemError) -> Int {
        do {
            return try descriptor.read(into: buffer)
        } catch {
            throw FileSystemError(path: path, operation: .read, errno: error as? Errno ?? .ioError)
        }
    }

    /// Reads up to `buffer.count` bytes at `offset` (fewer only at end of file).
    public static func read(
        _ descriptor: FileDescriptor,
        at offset: Int64,
        into buffer: UnsafeMutableRawBufferPointer,
        path: FilePath
    ) throws(FileSystemError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count: Int
            do {
                count = try descriptor.read(
                    fromAbsoluteOffset: offset + Int64(filled),
                    into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
                )
            } catch {
                throw FileSystemError(path: path, operation: .read, errno: error as? Errno ?? .ioError)
            }
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    /// Writes all of `bytes` at the current position.
    public static func writeAll(_ descriptor: FileDescriptor, _ bytes: UnsafeRawBufferPointer, path: FilePath) throws(FileSystemError) {
        do {
            _ = try descriptor.writeAll(bytes)
        } catch {
            throw FileSystemError(path: path, operation: .write, errno: error as? Errno ?? .ioError)
        }
    }

    /// Writes all of `bytes` at `offset`.
    public static func writeAll(
        _ descriptor: FileDescriptor,
        _ bytes: UnsafeRawBufferPointer,
        at offset: Int64,
        path: FilePath
    ) throws(FileSystemError) {
        do {
            _ = try descriptor.writeAll(toAbsoluteOffset: offset, bytes)
        } catch {
            throw FileSystemError(path: path, operation: .write, errno: error as? Errno ?? .ioError)
        }
    }

    /// Closes `descriptor`; a failed close of a written file can mean lost data, so it throws.
    public static func close(_ descriptor: FileDescriptor, path: FilePath) throws(FileSystemError) {
        do {
            try descriptor.close()
        } catch {
            throw FileSystemError(path: path, operation: .close, errno: error as? Errno ?? .ioError)
        }
    }

    /// Metadata of `path` itself (a symbolic link is not followed).
    public static func status(of path: FilePath) throws(FileSystemError) -> Stat {
        do {
            return try path.stat(followTargetSymlink: false)
        } catch {
            throw FileSystemError(path: path, operation: .inspect, errno: error)
        }
    }

    /// Metadata of an open file.
    public static func status(of descriptor: FileDescriptor, path: FilePath) throws(FileSystemError) -> Stat {
        do {
            return try descriptor.stat()
        } catch {
            throw FileSystemError(path: path, operation: .inspect, errno: error)
        }
    }

    /// Whether anything (even a dangling symbolic link) exists at `path`.
    public static func exists(_ path: FilePath) -> Bool {
        (try? path.stat(followTargetSymlink: false)) != nil
    }

    /// Makes the file's data and metadata durable (`fsync`).
    public static func synchronize(_ descriptor: FileDescriptor, path: FilePath) throws(FileSystemError) {
        try check(fsync(descriptor.rawValue), path: path, operation: .fsync)
    }

    /// Makes the file's data durable, and its size if it changed (`fdatasync`): cheaper than
    /// `synchronize` when the file was preallocated.
    public static func synchronizeData(_ descriptor: FileDescriptor, path: FilePath) throws(FileSystemError) {
        try check(fdatasync(descriptor.rawValue), path: path, operation: .fsync)
    }

    /// Starts writing `byteCount` bytes at `offset` (0: up to the end of the file) to the disk and returns at once
    /// (`sync_file_range` with `SYNC_FILE_RANGE_WRITE`): no wait, no metadata, no durability.
    /// Lets a writer spread the disk work of a large file over time instead of leaving it all to
    /// its final sync.
    public static func startWriteback(_ descriptor: FileDescriptor, offset: Int64, byteCount: Int64, path: FilePath) throws(FileSystemError) {
        try check(swarm_start_writeback(descriptor.rawValue, offset, byteCount), path: path, operation: .write)
    }

    /// Makes a directory's entries (a new, renamed or removed name in it) durable.
    public static func synchronizeDirectory(_ directory: FilePath) throws(FileSystemError) {
        let descriptor = try open(directory.isEmpty ? "." : directory, .readOnly, options: .directory)
        defer { try? descriptor.close() }
        try synchronize(descriptor, path: directory)
    }

    /// Reserves `byteCount` bytes of disk for the file, so later writes inside cannot fail for
    /// lack of space and need no size update to be durable.
    public static func preallocate(_ descriptor: FileDescriptor, byteCount: Int64, path: FilePath) throws(FileSystemError) {
        // posix_fallocate returns the error number instead of setting errno.
        let result = posix_fallocate(descriptor.rawValue, 0, off_t(byteCount))
        guard result == 0 else {
            throw FileSystemError(path: path, operation: .preallocate, errno: Errno(rawValue: result))
        }
    }

    /// Sets the file's size to `byteCount`.
    public static func truncate(_ descriptor: FileDescriptor, byteCount: Int64, path: FilePath) throws(FileSystemError) {
        try check(ftruncate(descriptor.rawValue, off_t(byteCount)), path: path, operation: .truncate)
    }

    /// Gives `source` the additional name `destination`, failing with `Errno.fileExists` if
    /// `destination` exists: the atomic "publish without replacing" step.
    public static func hardLink(_ source: FilePath, to destination: FilePath) throws(FileSystemError) {
        let result = source.withPlatformString { sourceName in
            destination.withPlatformString { destinationName in link(sourceName, destinationName) }
        }
        try check(result, path: destination, operation: .link)
    }

    /// Renames `source` to `destination`, atomically replacing whatever is there.
    public static func rename(_ source: FilePath, to destination: FilePath) throws(FileSystemError) {
        let result = source.withPlatformString { sourceName in
            destination.withPlatformString { destinationName in Glibc.rename(sourceName, destinationName) }
        }
        try check(result, path: destination, operation: .rename)
    }

    /// Exchanges the names `first` and `second` in one atomic step (both must exist, on the
    /// same filesystem): a crash leaves either both old or both new.
    public static func exchange(_ first: FilePath, _ second: FilePath) throws(FileSystemError) {
        let result = first.withPlatformString { firstName in
            second.withPlatformString { secondName in swarm_exchange_names(firstName, secondName) }
        }
        try check(result, path: second, operation: .rename)
    }

    /// Removes the name `path`.
    public static func removeFile(_ path: FilePath) throws(FileSystemError) {
        try check(path.withPlatformString(unlink), path: path, operation: .remove)
    }

    /// Sets the permission bits of an open file exactly (creation modes are masked by umask).
    public static func setPermissions(_ descriptor: FileDescriptor, _ permissions: FilePermissions, path: FilePath) throws(FileSystemError) {
        try check(fchmod(descriptor.rawValue, permissions.rawValue), path: path, operation: .setPermissions)
    }

    /// Sets the permission bits of `path` exactly.
    public static func setPermissions(_ path: FilePath, _ permissions: FilePermissions) throws(FileSystemError) {
        try check(path.withPlatformString { chmod($0, permissions.rawValue) }, path: path, operation: .setPermissions)
    }

    /// Creates the directory `path` with `permissions`; fails if anything is there.
    public static func makeDirectory(_ path: FilePath, permissions: FilePermissions) throws(FileSystemError) {
        try check(path.withPlatformString { mkdir($0, permissions.rawValue) }, path: path, operation: .createDirectory)
    }

    /// Removes the empty directory `path`.
    public static func removeDirectory(_ path: FilePath) throws(FileSystemError) {
        try check(path.withPlatformString(rmdir), path: path, operation: .remove)
    }

    /// Removes `path` and, if it is a directory, everything in it; symbolic links are removed,
    /// never followed.
    public static func removeTree(_ path: FilePath) throws(FileSystemError) {
        guard try status(of: path).type == .directory else {
            try removeFile(path)
            return
        }
        for name in try sortedNames(in: path) {
            try removeTree(path.appending(name))
        }
        try removeDirectory(path)
    }

    /// Creates the directory `path` with `permissions` unless a directory is already there.
    public static func makeDirectoryIfMissing(_ path: FilePath, permissions: FilePermissions) throws(FileSystemError) {
        let result = path.withPlatformString { name in mkdir(name, permissions.rawValue) }
        guard result != 0 else { return }
        let errno = Errno(rawValue: Glibc.errno)
        guard errno == .fileExists, try status(of: path).type == .directory else {
            throw FileSystemError(path: path, operation: .createDirectory, errno: errno)
        }
    }

    /// The names in `directory`, without `.` and `..`, sorted. A name that is not valid UTF-8
    /// fails with `Errno.illegalByteSequence`.
    public static func sortedNames(in directory: FilePath) throws(FileSystemError) -> [String] {
        guard let stream = directory.withPlatformString(opendir) else {
            throw FileSystemError(path: directory, operation: .list, errno: Errno(rawValue: Glibc.errno))
        }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            // readdir returns nil both at the end and on error; only errno tells them apart.
            Glibc.errno = 0
            guard let entry = readdir(stream) else { break }
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                throw FileSystemError(path: directory, operation: .list, errno: .illegalByteSequence)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        guard Glibc.errno == 0 else {
            throw FileSystemError(path: directory, operation: .list, errno: Errno(rawValue: Glibc.errno))
        }
        return names.sorted()
    }

    private static func check(_ result: Int32, path: FilePath, operation: FileSystemError.Operation) throws(FileSystemError) {
        guard result == 0 else {
            throw FileSystemError(path: path, operation: operation, errno: Errno(rawValue: Glibc.errno))
        }
    }
}

extension Stat {
    /// Modification time in whole seconds since the Unix epoch.
    public var modificationTimeSeconds: Int64 { Int64(st_mtim.tv_sec) }
}
