/// The rules every entry path obeys, checked by the writer before it writes and by the reader
/// before it trusts: relative, `/`-separated, no empty, `.` or `..` component, no control
/// character, not under `.swarm-archive/`. An archive whose paths pass cannot write outside the
/// directory it is extracted into.
enum ArchiveEntryPath {
    /// Longest path accepted, in UTF-8 bytes (Linux `PATH_MAX`).
    static let byteLimit = 4096

    /// Why `path` is not acceptable as a user entry, or nil if it is.
    static func problem(with path: String) -> String? {
        if let problem = structuralProblem(with: path) { return problem }
        if ArchiveLayout.isReserved(path) { return "\(ArchiveLayout.reservedDirectory)/ is reserved for swarmd's checksum records" }
        return nil
    }

    /// Why `path` is not a safe relative path, ignoring the reserved directory.
    static func structuralProblem(with path: String) -> String? {
        if path.isEmpty { return "the path is empty" }
        if path.utf8.count > byteLimit { return "the path is longer than \(byteLimit) bytes" }
        if path.hasPrefix("/") { return "the path is absolute; entry paths are relative to the archive root" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the path contains a control character"
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "": return "the path has an empty component ('//' or a trailing '/')"
            case ".", "..": return "the path has a '\(component)' component"
            default: continue
            }
        }
        return nil
    }
}
