import CArchive
import SystemPackage

/// Writes tar+zstd archives that swarmd's writer never would (hard links, forged checksum
/// records), straight through libarchive, to test what the reader does with them.
enum HostileArchive {
    struct Entry {
        let path: String
        var hardLinkTarget: String?
        let data: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func write(to path: FilePath, entries: [Entry]) throws {
        guard let archive = archive_write_new(), let header = archive_entry_new() else {
            throw Failure(description: "libarchive allocation failed")
        }
        defer {
            archive_entry_free(header)
            archive_write_free(archive)
        }
        guard archive_write_set_format_pax_restricted(archive) == ARCHIVE_OK,
            archive_write_add_filter_zstd(archive) == ARCHIVE_OK,
            archive_write_open_filename(archive, path.string) == ARCHIVE_OK
        else {
            throw Failure(description: String(cString: archive_error_string(archive)))
        }
        for entry in entries {
            archive_entry_clear(header)
            archive_entry_copy_pathname(header, entry.path)
            archive_entry_set_filetype(header, 0o100000)
            archive_entry_set_perm(header, 0o644)
            archive_entry_set_size(header, Int64(entry.data.count))
            if let target = entry.hardLinkTarget { archive_entry_copy_hardlink(header, target) }
            guard archive_write_header(archive, header) == ARCHIVE_OK else {
                throw Failure(description: String(cString: archive_error_string(archive)))
            }
            _ = entry.data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        }
        guard archive_write_close(archive) == ARCHIVE_OK else {
            throw Failure(description: String(cString: archive_error_string(archive)))
        }
    }
}
