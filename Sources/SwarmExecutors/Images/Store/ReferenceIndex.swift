import Foundation
import SwarmFileSystem
import SystemPackage

/// The references pulled, each with the digest of the manifest (or index) it resolved to, in
/// `references.json`: `{"docker.io/library/busybox:latest": "sha256:…"}`, replaced atomically.
/// A reference is recorded only once everything its image needs is stored.
struct ReferenceIndex: Sendable {
    let path: FilePath

    /// The largest index read: about 100,000 references.
    static let byteLimit = 16 << 20

    /// The recorded digests by canonical reference; empty before the first pull.
    func read() throws(ImageError) -> [String: ImageDigest] {
        guard FileSystemCalls.exists(path) else { return [:] }
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path, byteLimit: Self.byteLimit)
        } catch {
            throw .fileSystem(error)
        }
        do {
            return try JSONDecoder().decode([String: ImageDigest].self, from: Data(bytes))
        } catch {
            throw .damagedStore(path, reason: "\(error)")
        }
    }

    /// Records that `reference` resolved to `digest`.
    func record(_ reference: ImageReference, digest: ImageDigest) throws(ImageError) {
        var digests = try read()
        guard digests[reference.canonical] != digest else { return }
        digests[reference.canonical] = digest
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let bytes: [UInt8]
        do {
            bytes = Array(try encoder.encode(digests))
        } catch {
            preconditionFailure("a dictionary of strings and digests always encodes: \(error)")
        }
        try fileSystem(AtomicFile.write(bytes, to: path, permissions: [.ownerReadWrite]))
    }
}
