public import Logging
import SwarmFileSystem
public import SystemPackage

/// A node's images: pulled from registries into a directory (the node's `images/`, mode 0700),
/// kept as verified content-addressed blobs, each layer unpacked once, and turned into root
/// filesystems for tasks.
///
/// Layout: `blobs/sha256/HEX` (manifests, configurations, compressed layers), `layers/sha256/HEX`
/// (layers unpacked, by blob digest), `references.json` (reference → manifest digest), `tmp/`
/// (partial downloads and unpacks, emptied on open). Pulls of the same reference at once are one
/// pull (fifty replicas starting on a node download their image once); pulls of different
/// references run at once, serialised by the actor only between their network waits, and a blob
/// they share is simply published twice with the same bytes.
public actor ImageStore {
    /// The store's directory.
    public nonisolated let directory: FilePath
    let registry: RegistryClient
    nonisolated let blobs: BlobStore
    let layers: LayerStore
    let references: ReferenceIndex
    let logger: Logger
    /// The pulls under way, by reference: a pull of the same reference joins one.
    var pullsUnderway: [ImageReference: Task<Result<PullResult, ImageError>, Never>] = [:]

    /// Opens (creating it if needed) the store at `directory`, pulling through `registry`.
    ///
    /// - Throws: `.fileSystem` when a directory cannot be created or `tmp/` cannot be emptied.
    public init(directory: FilePath, registry: RegistryClient, logger: Logger = Logger(label: "swarmd.images")) throws(ImageError) {
        let temporaryDirectory = directory.appending("tmp")
        for path in [directory, directory.appending("blobs"), directory.appending("blobs/sha256"), directory.appending("layers"),
                     directory.appending("layers/sha256"), temporaryDirectory] {
            try fileSystem(FileSystemCalls.makeDirectoryIfMissing(path, permissions: [.ownerReadWriteExecute]))
        }
        try fileSystem(FileSystemCalls.setPermissions(directory, [.ownerReadWriteExecute]))
        // What is in tmp/ was being written when a swarmd stopped: no pull is running now.
        for name in try fileSystem(FileSystemCalls.sortedNames(in: temporaryDirectory)) {
            try fileSystem(FileSystemCalls.removeTree(temporaryDirectory.appending(name)))
        }
        self.directory = directory
        self.registry = registry
        self.logger = logger
        blobs = BlobStore(directory: directory.appending("blobs/sha256"), temporaryDirectory: temporaryDirectory)
        layers = LayerStore(directory: directory.appending("layers/sha256"), temporaryDirectory: temporaryDirectory)
        references = ReferenceIndex(path: directory.appending("references.json"))
    }
}
