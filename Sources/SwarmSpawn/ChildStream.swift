public import SystemPackage

/// Where a child's standard input, output or error goes.
public enum ChildStream: Sendable {
    /// /dev/null.
    case nullDevice
    /// An open descriptor of this process; the child gets a copy, this process keeps its own.
    case descriptor(FileDescriptor)
}
