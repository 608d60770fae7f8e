import Foundation
import SwarmFileSystem
import SystemPackage

/// Layers unpacked once each, at `layers/sha256/HEX`, named by the digest of the layer's
/// compressed blob: that digest was verified on download, whereas the uncompressed digest
/// (`diff_id`) is only what the image's configuration claims, and a directory named by a claim
/// could be taken over by another image's content.
///
/// A layer is unpacked as it is, whiteout markers kept as files, into `tmp/`, then renamed into
/// place: a layer directory present under its digest is complete. Layer directories are not
/// fsynced (a crash may leave one short); root filesystems are built from the blobs, which are.
struct LayerStore: DigestAddressedDirectory {
    /// `layers/sha256`.
    let directory: FilePath
    /// Where layers are unpacked before they are published: `tmp/`, on the same filesystem.
    let temporaryDirectory: FilePath

    /// Unpacks the layer blob at `blob` as the layer `digest`; a refused or failed layer leaves
    /// nothing behind.
    @discardableResult
    func unpack(_ blob: FilePath, as digest: ImageDigest) throws(LayerExtractionError) -> LayerExtraction {
        let staging = temporaryDirectory.appending("layer-\(digest.hex)-\(UUID().uuidString)")
        do {
            try FileSystemCalls.makeDirectory(staging, permissions: [.ownerReadWriteExecute])
        } catch {
            throw .fileSystem(error)
        }
        do {
            let extraction = try LayerExtractor.extract(blob, into: staging, whiteouts: .keepAsFiles)
            try publish(staging, as: digest)
            return extraction
        } catch {
            try? FileSystemCalls.removeTree(staging)
            throw error
        }
    }

    private func publish(_ staging: FilePath, as digest: ImageDigest) throws(LayerExtractionError) {
        do {
            try FileSystemCalls.rename(staging, to: path(of: digest))
        } catch {
            // Another pull of the same layer published it first: that one stays.
            guard contains(digest) else { throw .fileSystem(error) }
            try? FileSystemCalls.removeTree(staging)
        }
    }
}
