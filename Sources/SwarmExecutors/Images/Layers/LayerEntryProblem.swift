/// Why a layer entry is refused: each would write, link or delete outside the root it is
/// unpacked into, or cannot be unpacked without that risk.
public enum LayerEntryProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `..` component.
    case leavesRoot
    /// Starts with `/`.
    case absolutePath
    /// Its parent path goes through a symbolic link (named) already on disk.
    case throughSymbolicLink(String)
    /// A hard link whose target leaves the root.
    case hardLinkOutside(target: String)
    /// With the root's path, longer than Linux's `PATH_MAX`.
    case tooLong(byteLimit: Int)
    /// A whiteout of `.`, `..` or nothing.
    case invalidWhiteout
    /// libarchive's own checks refused it (`ARCHIVE_EXTRACT_SECURE_*`); its message.
    case refusedByLibarchive(String)

    /// Completes "has an entry X that …".
    public var description: String {
        switch self {
        case .leavesRoot: "leaves the image's root"
        case .absolutePath: "is an absolute path"
        case .throughSymbolicLink(let link): "goes through the symbolic link \(link)"
        case .hardLinkOutside(let target): "is a hard link to \(target), outside the image's root"
        case .tooLong(let byteLimit): "is longer than \(byteLimit) bytes once under the root"
        case .invalidWhiteout: "whiteouts '.', '..' or nothing"
        case .refusedByLibarchive(let message): "libarchive refused to write (\(message))"
        }
    }
}
