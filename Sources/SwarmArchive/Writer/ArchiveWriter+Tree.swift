public import SystemPackage
import SwarmFileSystem

extension ArchiveWriter {
    /// Adds everything under the directory `root` (not `root` itself), depth first in name
    /// order so that the same tree always gives the same entry order; returns the number of
    /// entries added. Entry paths are relative to `root`.
    ///
    /// - Throws: `.unsupportedFileType` for anything that is not a regular file or directory
    ///   (symbolic links are not followed), plus whatever `addFile(at:as:)` throws.
    @discardableResult
    public func addTree(at root: FilePath) throws(ArchiveError) -> Int {
        guard try fileSystem(FileSystemCalls.status(of: root)).type == .directory else {
            throw .unsupportedFileType(path: root)
        }
        return try addChildren(of: root, entryPrefix: "")
    }

    private func addChildren(of directory: FilePath, entryPrefix: String) throws(ArchiveError) -> Int {
        var addedCount = 0
        for name in try fileSystem(FileSystemCalls.sortedNames(in: directory)) {
            let source = directory.appending(name)
            let entryPath = entryPrefix + name
            let status = try fileSystem(FileSystemCalls.status(of: source))
            switch status.type {
            case .directory:
                try addDirectory(
                    as: entryPath, permissions: status.permissions, modificationTimeSeconds: status.modificationTimeSeconds
                )
                addedCount += 1 + (try addChildren(of: source, entryPrefix: entryPath + "/"))
            case .regular:
                try addFile(at: source, as: entryPath)
                addedCount += 1
            default:
                throw .unsupportedFileType(path: source)
            }
        }
        return addedCount
    }
}
