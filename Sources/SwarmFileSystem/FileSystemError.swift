public import SystemPackage

/// The operating system refused an operation on a path. Carries the path, the operation and
/// the `errno`, so callers can both explain it and react to specific causes.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file-system operation, as messages name it.
    public enum Operation: String, Sendable {
        case open, create, read, write, close, inspect, fsync, link, remove, rename, list, truncate, lock
        case createDirectory = "create directory"
        case setPermissions = "set permissions of"
        case preallocate = "preallocate space for"
    }

    /// The file or directory concerned.
    public let path: FilePath
    /// What was being done to it.
    public let operation: Operation
    /// Why the system refused.
    public let errno: Errno

    public init(path: FilePath, operation: Operation, errno: Errno) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        switch errno {
        case .illegalByteSequence where operation == .list:
            "could not list \(path): it holds a name that is not valid UTF-8; rename or remove that entry"
        case .noSpace:
            "could not \(operation.rawValue) \(path): the disk is full; free space and retry"
        default:
            "could not \(operation.rawValue) \(path): \(errno); check the path, its permissions and free space"
        }
    }
}
