/// What makes a path unacceptable as an archive entry (see `ArchiveEntryPath` for the rules).
public enum EntryPathProblem: Sendable, Equatable, CustomStringConvertible {
    /// The path is empty.
    case empty
    /// Longer than Linux's `PATH_MAX`.
    case tooLong(byteLimit: Int)
    /// Starts with `/`.
    case absolute
    /// Contains a control character (newline, tab, …).
    case controlCharacter
    /// `//` or a trailing `/`.
    case emptyComponent
    /// A `.` or `..` component.
    case dotComponent(String)
    /// Under `.swarm-archive/`, where swarmd keeps its own records.
    case reserved

    public var description: String {
        switch self {
        case .empty: "the path is empty"
        case .tooLong(let byteLimit): "the path is longer than \(byteLimit) bytes"
        case .absolute: "the path is absolute; entry paths are relative to the archive root"
        case .controlCharacter: "the path contains a control character"
        case .emptyComponent: "the path has an empty component ('//' or a trailing '/')"
        case .dotComponent(let component): "the path has a '\(component)' component"
        case .reserved: "\(ArchiveLayout.reservedDirectory)/ is reserved for swarmd's checksum records"
        }
    }
}
