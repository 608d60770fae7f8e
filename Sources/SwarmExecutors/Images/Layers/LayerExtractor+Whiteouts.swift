import SwarmFileSystem
import SystemPackage

extension LayerExtractor {
    /// Deletes what a whiteout names from the lower layers, never through a symbolic link.
    func apply(_ whiteout: Whiteout, entry name: String) throws(LayerExtractionError) {
        switch whiteout {
        case .metadata:
            return
        case .removal(let target):
            guard !unpackedPaths.contains(target), try existsWithoutSymbolicLinks(target.parent, entry: name) else { return }
            let file = target.filePath(under: root)
            guard FileSystemCalls.exists(file) else { return }
            try fileSystem(FileSystemCalls.removeTree(file))
        case .opaqueDirectory(let directory):
            guard try existsWithoutSymbolicLinks(directory, entry: name) else { return }
            try clear(directory)
        }
    }

    /// Whether `path` is a directory reached through directories only: false when a component is
    /// missing or not a directory (there is then nothing to delete below it).
    ///
    /// - Throws: `.unsafeEntry` when a component is a symbolic link: deleting through it could
    ///   reach outside the root.
    private func existsWithoutSymbolicLinks(_ path: LayerEntryPath, entry name: String) throws(LayerExtractionError) -> Bool {
        for prefix in path.prefixes {
            let type: FileType
            do {
                type = try FileSystemCalls.status(of: prefix.filePath(under: root)).type
            } catch where error.errno == .noSuchFileOrDirectory {
                return false
            } catch {
                throw .fileSystem(error)
            }
            guard type != .symbolicLink else { throw .unsafeEntry(name, .throughSymbolicLink(prefix.description)) }
            guard type == .directory else { return false }
        }
        return true
    }

    /// Deletes what lower layers put in `directory`, keeping what this layer unpacked there.
    private func clear(_ directory: LayerEntryPath) throws(LayerExtractionError) {
        for name in try fileSystem(FileSystemCalls.sortedNames(in: directory.filePath(under: root))) {
            let child = directory.appending(Array(name.utf8))
            let file = child.filePath(under: root)
            if !unpackedPaths.contains(child) {
                try fileSystem(FileSystemCalls.removeTree(file))
            } else if try fileSystem(FileSystemCalls.status(of: file)).type == .directory {
                try clear(child)
            }
        }
    }

    /// Runs a file-system call, as a `LayerExtractionError`.
    private func fileSystem<Result>(_ body: @autoclosure () throws(FileSystemError) -> Result) throws(LayerExtractionError) -> Result {
        do {
            return try body()
        } catch {
            throw .fileSystem(error)
        }
    }
}
