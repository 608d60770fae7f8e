import Foundation
import SwarmFileSystem
import SystemPackage

/// Content-addressed blobs (manifests, configurations, compressed layers) at
/// `blobs/sha256/HEX`. A blob is written under a temporary name, fsynced, then renamed into
/// place: a blob present under its digest is complete, and its bytes were verified before.
struct BlobStore: DigestAddressedDirectory {
    /// `blobs/sha256`.
    let directory: FilePath
    /// Where blobs are written before they are published: `tmp/`, on the same filesystem.
    let temporaryDirectory: FilePath

    /// The stored blob `digest`, checked against its digest (a disk can change bytes too).
    ///
    /// - Throws: `.damagedStore` when it is larger than `byteLimit` or its bytes changed.
    func read(_ digest: ImageDigest, byteLimit: Int) throws(ImageError) -> [UInt8] {
        let path = path(of: digest)
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path, byteLimit: byteLimit)
        } catch where error.errno == .fileTooLarge {
            throw .damagedStore(path, reason: "it is larger than \(byteLimit) bytes")
        } catch {
            throw .fileSystem(error)
        }
        guard ImageDigest(of: bytes) == digest else { throw .damagedStore(path, reason: "its content no longer matches its digest") }
        return bytes
    }

    /// Stores `bytes`, already verified to hash to `digest`.
    func add(_ bytes: [UInt8], as digest: ImageDigest) throws(ImageError) {
        let temporary = try makeTemporaryFile()
        do {
            try bytes.withUnsafeBytes { buffer in
                Result { () throws(FileSystemError) in try FileSystemCalls.writeAll(temporary.descriptor, buffer, path: temporary.path) }
            }.get()
        } catch {
            discard(temporary)
            throw .fileSystem(error)
        }
        try publish(temporary, as: digest)
    }

    /// A new empty file in `tmp/`, for a blob being downloaded.
    func makeTemporaryFile() throws(ImageError) -> TemporaryFile {
        let path = temporaryDirectory.appending("blob-\(UUID().uuidString)")
        let descriptor = try fileSystem(FileSystemCalls.createExclusively(path, permissions: [.ownerReadWrite]))
        return TemporaryFile(path: path, descriptor: descriptor)
    }

    /// Makes the complete, verified `temporary` the blob `digest`: fsync, rename, directory
    /// fsync. On error the temporary file is removed.
    func publish(_ temporary: TemporaryFile, as digest: ImageDigest) throws(ImageError) {
        do {
            try FileSystemCalls.synchronize(temporary.descriptor, path: temporary.path)
        } catch {
            discard(temporary)
            throw .fileSystem(error)
        }
        do {
            try FileSystemCalls.close(temporary.descriptor, path: temporary.path)
            try FileSystemCalls.rename(temporary.path, to: path(of: digest))
            try FileSystemCalls.synchronizeDirectory(directory)
        } catch {
            try? FileSystemCalls.removeFile(temporary.path)
            throw .fileSystem(error)
        }
    }

    /// Closes and removes `temporary`.
    func discard(_ temporary: TemporaryFile) {
        try? temporary.descriptor.close()
        try? FileSystemCalls.removeFile(temporary.path)
    }

    /// Removes the blob `digest`, if stored.
    func remove(_ digest: ImageDigest) {
        try? FileSystemCalls.removeFile(path(of: digest))
    }
}
