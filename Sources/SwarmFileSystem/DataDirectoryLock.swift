#if canImport(Glibc)
import Glibc
#endif
public import SystemPackage

/// An exclusive hold on a node's data directory for as long as the holder keeps this object: a
/// second swarmd (or any tool that takes the hold before writing) is refused instead of writing
/// beside the first. The hold is an `flock` on `<directory>/lock`, so the kernel drops it when
/// the holding process ends, however it ends (kill -9 included); the file keeps the holder's
/// process ID, for the refusal to name it.
public final class DataDirectoryLock: Sendable {
    /// The lock file's name inside the data directory.
    public static let fileName = "lock"

    private let descriptor: FileDescriptor

    private init(descriptor: FileDescriptor) {
        self.descriptor = descriptor
    }

    /// Takes the hold on `directory` (which must exist), or fails at once if another process
    /// holds it.
    public static func acquire(_ directory: FilePath) throws(DataDirectoryLockError) -> DataDirectoryLock {
        let path = directory.appending(fileName)
        let descriptor: FileDescriptor
        do {
            descriptor = try FileSystemCalls.open(path, .readWrite, options: [.create, .noFollow], permissions: [.ownerReadWrite])
        } catch {
            throw .unusable(error)
        }
        guard flock(descriptor.rawValue, LOCK_EX | LOCK_NB) == 0 else {
            let reason = Errno(rawValue: errno)
            try? descriptor.close()
            if reason == .wouldBlock { throw .inUse(directory: directory, holder: holderProcessID(path)) }
            throw .unusable(FileSystemError(path: path, operation: .lock, errno: reason))
        }
        do throws(FileSystemError) {
            try FileSystemCalls.truncate(descriptor, byteCount: 0, path: path)
            try Array("\(getpid())\n".utf8).withUnsafeBytes { bytes in
                Result { () throws(FileSystemError) in try FileSystemCalls.writeAll(descriptor, bytes, path: path) }
            }.get()
        } catch {
            try? descriptor.close()
            throw .unusable(error)
        }
        return DataDirectoryLock(descriptor: descriptor)
    }

    deinit {
        try? descriptor.close()
    }

    /// The process ID the holder wrote in the lock file at `path`, if it can be read.
    private static func holderProcessID(_ path: FilePath) -> Int32? {
        guard let bytes = try? AtomicFile.read(path, byteLimit: 32) else { return nil }
        return Int32(String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self))
    }
}

/// Why a data directory could not be held.
public enum DataDirectoryLockError: Error, Sendable, CustomStringConvertible {
    /// Another process holds it.
    case inUse(directory: FilePath, holder: Int32?)
    /// Its lock file could not be opened or written.
    case unusable(FileSystemError)

    public var description: String {
        switch self {
        case .inUse(let directory, let holder):
            "the data directory \(directory) is in use by another process\(holder.map { " (pid \($0))" } ?? ""), most likely a running swarmd; stop it first, or give this one its own --data-dir"
        case .unusable(let error):
            "the data directory's lock file cannot be used: \(error)"
        }
    }
}
