import SwarmFileSystem
import SystemPackage

/// A directory of entries named by the hex digits of their digest (`sha256/HEX`), each present
/// only once complete: the store's blobs and its unpacked layers.
protocol DigestAddressedDirectory: Sendable {
    /// The `sha256` directory the entries are in.
    var directory: FilePath { get }
}

extension DigestAddressedDirectory {
    func path(of digest: ImageDigest) -> FilePath {
        directory.appending(digest.hex)
    }

    func contains(_ digest: ImageDigest) -> Bool {
        FileSystemCalls.exists(path(of: digest))
    }
}
