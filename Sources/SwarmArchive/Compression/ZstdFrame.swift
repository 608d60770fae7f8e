import CArchive
import Foundation

/// One zstd frame in memory, made and read through libarchive's raw format (the zstd filter
/// with no tar around it): what a backup compresses the state image into before sealing it, as
/// sealed bytes no longer compress. Reading checks the size the caller expects, so a frame that
/// decompresses to more (or less) than announced is refused without growing past it. A frame
/// has no checksum of its own: what carries one is sealed around it (AEAD), and opened first.
public enum ZstdFrame {
    /// Why a frame could not be made or read.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// zstd's level 1: on a store image of config-like text, 144 MB/s on one core here against
    /// level 3's 91 MB/s, for 3% less compression (2.48× against 2.56×).
    public static let defaultLevel = 1

    /// `bytes` (at least one: libarchive's raw reader finds no entry in an empty frame)
    /// compressed as one zstd frame at `level`.
    public static func compress(_ bytes: [UInt8], level: Int = defaultLevel) throws(Failure) -> [UInt8] {
        guard !bytes.isEmpty else { throw Failure(description: "there is nothing to compress: a zstd frame here holds at least one byte") }
        guard let archive = archive_write_new(), let entry = archive_entry_new() else {
            preconditionFailure("libarchive could not allocate a writer: out of memory")
        }
        defer {
            archive_entry_free(entry)
            archive_write_free(archive)
        }
        // zstd's worst case is a little over the input; the raw format adds nothing. The buffer
        // is not zeroed first: only the `used` bytes libarchive writes are kept.
        return try [UInt8](unsafeUninitializedCapacity: bytes.count + bytes.count / 128 + 64 * 1024) { (buffer, initializedCount) throws(Failure) in
            initializedCount = try write(bytes, level: level, with: archive, entry: entry, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Compresses `bytes` with `archive` into `output`; returns the frame's length.
    private static func write(
        _ bytes: [UInt8], level: Int, with archive: OpaquePointer, entry: OpaquePointer, into output: UnsafeMutableRawBufferPointer
    ) throws(Failure) -> Int {
        var used = 0
        let isConfigured = archive_write_set_format_raw(archive) == ARCHIVE_OK
            && archive_write_add_filter_zstd(archive) == ARCHIVE_OK
            && archive_write_set_filter_option(archive, "zstd", "compression-level", "\(level)") == ARCHIVE_OK
            && archive_write_set_bytes_in_last_block(archive, 1) == ARCHIVE_OK
        if isConfigured { setWorkerThreads(of: archive) }
        let isOpen = isConfigured && archive_write_open_memory(archive, output.baseAddress, output.count, &used) == ARCHIVE_OK
        guard isOpen else { throw Failure(description: "zstd compression could not start: \(LibArchive.lastError(of: archive))") }
        archive_entry_set_pathname(entry, "image")
        archive_entry_set_filetype(entry, LibArchive.regularFileType)
        archive_entry_set_size(entry, Int64(bytes.count))
        guard archive_write_header(archive, entry) == ARCHIVE_OK else {
            throw Failure(description: "zstd compression failed: \(LibArchive.lastError(of: archive))")
        }
        let written = bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        guard written == bytes.count, archive_write_close(archive) == ARCHIVE_OK else {
            throw Failure(description: "zstd compression failed: \(LibArchive.lastError(of: archive))")
        }
        return used
    }

    /// Lets zstd compress on as many threads as there are cores (up to 4; they inherit the
    /// caller's priority). Where libzstd has no threads, it compresses on the caller's alone.
    private static func setWorkerThreads(of archive: OpaquePointer) {
        let threads = min(4, ProcessInfo.processInfo.activeProcessorCount)
        _ = archive_write_set_filter_option(archive, "zstd", "threads", "\(threads)")
    }

    /// The bytes of the zstd frame `frame`, which must decompress to exactly `byteCount` bytes.
    /// Memory grows with what the frame holds, never past `byteCount`: a wrong count costs
    /// nothing.
    public static func decompress(_ frame: [UInt8], byteCount: Int) throws(Failure) -> [UInt8] {
        guard let archive = archive_read_new() else {
            preconditionFailure("libarchive could not allocate a reader: out of memory")
        }
        defer { archive_read_free(archive) }
        var output: [UInt8] = []
        var isTooLong = false
        let isRead: Bool = frame.withUnsafeBytes { input in
            guard archive_read_support_filter_zstd(archive) == ARCHIVE_OK, archive_read_support_format_raw(archive) == ARCHIVE_OK,
                archive_read_open_memory(archive, input.baseAddress, input.count) == ARCHIVE_OK
            else { return false }
            var entry: OpaquePointer?
            // The raw format takes any bytes: only a zstd filter makes them a frame.
            guard archive_read_next_header(archive, &entry) == ARCHIVE_OK, archive_filter_code(archive, 0) == ARCHIVE_FILTER_ZSTD else {
                return false
            }
            output.reserveCapacity(max(0, min(byteCount, 1 << 30)))
            return withUnsafeTemporaryAllocation(byteCount: 1 << 20, alignment: 16) { buffer in
                while true {
                    let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
                    if count < 0 { return false }
                    if count == 0 { return true }
                    guard output.count + count <= byteCount else {
                        isTooLong = true
                        return true
                    }
                    output += UnsafeRawBufferPointer(rebasing: buffer[..<count])
                }
            }
        }
        guard isRead else { throw Failure(description: "the zstd frame cannot be decompressed: \(LibArchive.lastError(of: archive))") }
        guard !isTooLong, output.count == byteCount else {
            throw Failure(description: "the zstd frame holds \(isTooLong ? "more than" : "\(output.count) bytes, not") the \(byteCount) bytes expected")
        }
        return output
    }
}
