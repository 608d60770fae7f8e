import Crypto
import SwarmFileSystem
import SystemPackage

/// The last 48 bytes of a swarmd archive: a zstd skippable frame (magic `0x184D2A50`, length
/// 40, so `zstd` and `tar --zstd` pass over it) holding `SWMARCH1` and the SHA-256 of every
/// byte before the frame. Per-file checksums cover file contents; this covers everything else
/// too — tar headers (permissions, times, names) and the compressed stream itself — so that no
/// changed byte anywhere goes unnoticed.
enum ArchiveTrailer {
    static let byteCount = 48
    private static let frameHeader: [UInt8] = [0x50, 0x2A, 0x4D, 0x18, 40, 0, 0, 0]
    private static let tag = Array("SWMARCH1".utf8)

    /// The trailer for an archive whose bytes before it have `digest`.
    static func encode(digest: [UInt8]) -> [UInt8] {
        frameHeader + tag + digest
    }

    /// The digest a trailer records, or nil when `bytes` is not a trailer.
    static func digest(in bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count == byteCount, bytes.prefix(16).elementsEqual(frameHeader + tag) else { return nil }
        return Array(bytes.suffix(32))
    }

    /// The SHA-256 of the first `byteCount` bytes of the open file at `path`, read in constant memory.
    static func digest(of descriptor: FileDescriptor, byteCount: Int64, path: FilePath) throws(FileSystemError) -> [UInt8] {
        var hasher = SHA256()
        var offset: Int64 = 0
        try withUnsafeTemporaryAllocation(byteCount: 256 * 1024, alignment: 16) { (buffer) throws(FileSystemError) in
            while offset < byteCount {
                let wanted = Int(min(Int64(buffer.count), byteCount - offset))
                let count = try FileSystemCalls.read(descriptor, at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), path: path)
                guard count > 0 else { break }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                offset += Int64(count)
            }
        }
        return Array(hasher.finalize())
    }
}
