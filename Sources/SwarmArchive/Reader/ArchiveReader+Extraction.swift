public import SystemPackage
import SwarmFileSystem

extension ArchiveReader {
    /// Extracts every entry into `directory`, which must exist and be empty, verifying each file
    /// before moving on; returns the number of entries extracted.
    ///
    /// Files get exactly their recorded permission bits, whatever the umask; directories also
    /// keep owner rwx so that their contents can be written. Nothing outside `directory` is ever
    /// touched (entry paths are checked, and only files and directories are created). A file
    /// that fails verification is removed; the files verified before it stay: extract into a
    /// staging directory and use it only after success. Extracted files are not fsynced; a
    /// caller that needs durability syncs the tree.
    @discardableResult
    public func extractAll(into directory: FilePath) throws(ArchiveError) -> Int {
        guard try fileSystem(FileSystemCalls.sortedNames(in: directory)).isEmpty else {
            throw .extractionDestinationNotEmpty(directory)
        }
        var extractedCount = 0
        try withUnsafeTemporaryAllocation(byteCount: 256 * 1024, alignment: 16) { (buffer) throws(ArchiveError) in
            while let entry = try nextEntry() {
                let target = directory.appending(entry.path)
                try makeParentDirectories(of: entry.path, under: directory)
                switch entry.kind {
                case .directory:
                    let permissions = entry.permissions.union(.ownerReadWriteExecute)
                    try fileSystem(FileSystemCalls.makeDirectoryIfMissing(target, permissions: permissions))
                    try fileSystem(FileSystemCalls.setPermissions(target, permissions))
                case .file:
                    try extractFile(to: target, permissions: entry.permissions, buffer: buffer)
                }
                extractedCount += 1
            }
        }
        return extractedCount
    }

    private func makeParentDirectories(of path: String, under directory: FilePath) throws(ArchiveError) {
        var parent = directory
        for component in path.split(separator: "/").dropLast() {
            parent.append(String(component))
            try fileSystem(FileSystemCalls.makeDirectoryIfMissing(parent, permissions: .ownerReadWriteExecute))
        }
    }

    /// Writes the current file to `target`; if it fails verification or writing, removes it so
    /// that no unverified bytes stay under the name.
    private func extractFile(to target: FilePath, permissions: FilePermissions, buffer: UnsafeMutableRawBufferPointer) throws(ArchiveError) {
        // Owner-only until verified; the recorded bits are set once the data is complete.
        let file = try fileSystem(FileSystemCalls.createExclusively(target, permissions: [.ownerReadWrite]))
        var isClosed = false
        do {
            while true {
                let count = try readData(into: buffer)
                if count == 0 { break }
                try fileSystem(FileSystemCalls.writeAll(file, UnsafeRawBufferPointer(rebasing: buffer[..<count]), path: target))
            }
            try fileSystem(FileSystemCalls.setPermissions(file, permissions, path: target))
            isClosed = true
            try fileSystem(FileSystemCalls.close(file, path: target))
        } catch {
            if !isClosed { try? file.close() }
            try? FileSystemCalls.removeFile(target)
            throw error
        }
    }
}
