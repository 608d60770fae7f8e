#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The few POSIX calls swift-system does not wrap, each throwing `ArchiveError.fileSystem`
/// naming the path and the operation.
enum FileSystemCalls {
    /// Opens `path`, mapping failure to `ArchiveError.fileSystem`.
    static func open(
        _ path: FilePath,
        _ mode: FileDescriptor.AccessMode,
        options: FileDescriptor.OpenOptions = [],
        permissions: FilePermissions? = nil
    ) throws(ArchiveError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(path, mode, options: options.union(.closeOnExec), permissions: permissions)
        } catch {
            throw .fileSystem(path: path, operation: .open, errno: error as? Errno ?? .ioError)
        }
    }

    /// Creates `path` for writing, failing with `.fileSystem(…, .fileExists)` if anything (a
    /// file, a symbolic link) is already there.
    static func createExclusively(_ path: FilePath, permissions: FilePermissions) throws(ArchiveError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(
                path, .writeOnly, options: [.create, .exclusiveCreate, .noFollow, .closeOnExec], permissions: permissions
            )
        } catch {
            throw .fileSystem(path: path, operation: .create, errno: error as? Errno ?? .ioError)
        }
    }

    /// Reads up to `buffer.count` bytes; 0 means end of file.
    static func read(_ descriptor: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, path: FilePath) throws(ArchiveError) -> Int {
        do {
            return try descriptor.read(into: buffer)
        } catch {
            throw .fileSystem(path: path, operation: .read, errno: error as? Errno ?? .ioError)
        }
    }

    /// Writes all of `bytes`.
    static func writeAll(_ descriptor: FileDescriptor, _ bytes: UnsafeRawBufferPointer, path: FilePath) throws(ArchiveError) {
        do {
            _ = try descriptor.writeAll(bytes)
        } catch {
            throw .fileSystem(path: path, operation: .write, errno: error as? Errno ?? .ioError)
        }
    }

    /// Closes `descriptor`; a failed close of a written file can mean lost data, so it throws.
    static func close(_ descriptor: FileDescriptor, path: FilePath) throws(ArchiveError) {
        do {
            try descriptor.close()
        } catch {
            throw .fileSystem(path: path, operation: .close, errno: error as? Errno ?? .ioError)
        }
    }

    /// Metadata of `path` itself (a symbolic link is not followed).
    static func status(of path: FilePath) throws(ArchiveError) -> Stat {
        do {
            return try path.stat(followTargetSymlink: false)
        } catch {
            throw .fileSystem(path: path, operation: .inspect, errno: error)
        }
    }

    /// Metadata of an open file.
    static func status(of descriptor: FileDescriptor, path: FilePath) throws(ArchiveError) -> Stat {
        do {
            return try descriptor.stat()
        } catch {
            throw .fileSystem(path: path, operation: .inspect, errno: error)
        }
    }

    /// Makes the file's data durable (`fsync`).
    static func synchronize(_ descriptor: FileDescriptor, path: FilePath) throws(ArchiveError) {
        try check(fsync(descriptor.rawValue), path: path, operation: .fsync)
    }

    /// Makes a directory's entries (a new name in it) durable.
    static func synchronizeDirectory(_ directory: FilePath) throws(ArchiveError) {
        let descriptor = try open(directory, .readOnly, options: .directory)
        defer { try? descriptor.close() }
        try synchronize(descriptor, path: directory)
    }

    /// Gives `source` the additional name `destination`, failing if `destination` exists: the
    /// atomic "publish without replacing" step.
    static func hardLink(_ source: FilePath, to destination: FilePath) throws(ArchiveError) {
        let result = source.withPlatformString { sourceName in
            destination.withPlatformString { destinationName in link(sourceName, destinationName) }
        }
        guard result == 0 else {
            switch Errno(rawValue: Glibc.errno) {
            case .fileExists: throw .destinationExists(archive: destination)
            case .notPermitted, .notSupported: throw .linksUnsupported(directory: destination.removingLastComponent())
            case let errno: throw .fileSystem(path: destination, operation: .link, errno: errno)
            }
        }
    }

    /// Removes the name `path`.
    static func removeFile(_ path: FilePath) throws(ArchiveError) {
        try check(path.withPlatformString(unlink), path: path, operation: .remove)
    }

    /// Sets the permission bits of an open file exactly (creation modes are masked by umask).
    static func setPermissions(_ descriptor: FileDescriptor, _ permissions: FilePermissions, path: FilePath) throws(ArchiveError) {
        try check(fchmod(descriptor.rawValue, permissions.rawValue), path: path, operation: .setPermissions)
    }

    /// Sets the permission bits of `path` exactly.
    static func setPermissions(_ path: FilePath, _ permissions: FilePermissions) throws(ArchiveError) {
        try check(path.withPlatformString { chmod($0, permissions.rawValue) }, path: path, operation: .setPermissions)
    }

    /// Creates the directory `path` with `permissions` unless a directory is already there.
    static func makeDirectoryIfMissing(_ path: FilePath, permissions: FilePermissions) throws(ArchiveError) {
        let result = path.withPlatformString { name in mkdir(name, permissions.rawValue) }
        guard result != 0 else { return }
        let errno = Errno(rawValue: Glibc.errno)
        guard errno == .fileExists, try status(of: path).type == .directory else {
            throw .fileSystem(path: path, operation: .createDirectory, errno: errno)
        }
    }

    /// The names in `directory`, without `.` and `..`, sorted so archives are reproducible.
    static func sortedNames(in directory: FilePath) throws(ArchiveError) -> [String] {
        guard let stream = directory.withPlatformString(opendir) else {
            throw .fileSystem(path: directory, operation: .list, errno: Errno(rawValue: Glibc.errno))
        }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            // readdir returns nil both at the end and on error; only errno tells them apart.
            Glibc.errno = 0
            guard let entry = readdir(stream) else { break }
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                throw .invalidEntryPath(String(decoding: bytes, as: UTF8.self), problem: .notUTF8)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        guard Glibc.errno == 0 else {
            throw .fileSystem(path: directory, operation: .list, errno: Errno(rawValue: Glibc.errno))
        }
        return names.sorted()
    }

    private static func check(_ result: Int32, path: FilePath, operation: ArchiveError.FileOperation) throws(ArchiveError) {
        guard result == 0 else {
            throw .fileSystem(path: path, operation: operation, errno: Errno(rawValue: Glibc.errno))
        }
    }
}

extension Stat {
    /// Modification time in whole seconds since the Unix epoch.
    var modificationTimeSeconds: Int64 { Int64(st_mtim.tv_sec) }
}
