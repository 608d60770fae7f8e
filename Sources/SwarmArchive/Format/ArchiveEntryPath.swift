/// The rules every entry path obeys, checked by the writer before it writes and by the reader
/// before it trusts: relative, `/`-separated, no empty, `.` or `..` component, no control
/// character, not under `.swarm-archive/`. An archive whose paths pass cannot write outside the
/// directory it is extracted into.
enum ArchiveEntryPath {
    /// Longest path accepted, in UTF-8 bytes (Linux `PATH_MAX`).
    static let byteLimit = 4096

    /// Why `path` is not acceptable as a user entry, or nil if it is.
    static func problem(with path: String) -> EntryPathProblem? {
        if let problem = structuralProblem(with: path) { return problem }
        if ArchiveLayout.isReserved(path) { return .reserved }
        return nil
    }

    /// Why `path` is not a safe relative path, ignoring the reserved directory.
    static func structuralProblem(with path: String) -> EntryPathProblem? {
        if path.isEmpty { return .empty }
        if path.utf8.count > byteLimit { return .tooLong(byteLimit: byteLimit) }
        if path.hasPrefix("/") { return .absolute }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return .controlCharacter }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "": return .emptyComponent
            case ".", "..": return .dotComponent(String(component))
            default: continue
            }
        }
        return nil
    }
}
