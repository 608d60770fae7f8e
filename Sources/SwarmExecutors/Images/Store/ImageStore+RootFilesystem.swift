import SwarmFileSystem
public import SystemPackage

extension ImageStore {
    /// Creates a task's root filesystem at `path` (which must not exist): a fresh directory
    /// (mode 0755) with `image`'s layers applied in order, each extracted from its stored blob
    /// with whiteouts applied, under the same rules as a pull (nothing written outside).
    ///
    /// Built in `<path>.partial` and renamed into place, so that `path` is complete or absent;
    /// a `.partial` left by a crash is removed first. Not fsynced: a task's root filesystem does
    /// not outlive a crash. Blocking; does not wait for the store's pulls.
    ///
    /// - Throws: `.rootFilesystemExists`, `.unusableLayer`, `.fileSystem`.
    public nonisolated func makeRootFilesystem(for image: Image, at path: FilePath) throws(ImageError) {
        guard !FileSystemCalls.exists(path) else { throw .rootFilesystemExists(path) }
        let staging = FilePath(path.string + ".partial")
        if FileSystemCalls.exists(staging) { try fileSystem(FileSystemCalls.removeTree(staging)) }
        let permissions = FilePermissions(rawValue: 0o755)
        try fileSystem(FileSystemCalls.makeDirectory(staging, permissions: permissions))
        do throws(ImageError) {
            try fileSystem(FileSystemCalls.setPermissions(staging, permissions))
            for layer in image.layers {
                do {
                    try LayerExtractor.extract(blobs.path(of: layer.digest), into: staging, whiteouts: .apply)
                } catch {
                    throw ImageError.unusableLayer(image.reference, layer: layer.digest, error)
                }
            }
            try fileSystem(FileSystemCalls.rename(staging, to: path))
        } catch {
            try? FileSystemCalls.removeTree(staging)
            throw error
        }
    }
}
