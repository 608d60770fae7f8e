import CArchive
import SystemPackage

/// Image layers written for a test straight through libarchive: any entry, hostile ones included.
enum TestLayer {
    enum Compression: String, CaseIterable, Sendable {
        case none, gzip, zstd
    }

    struct Entry: Sendable {
        enum Kind: Sendable {
            case directory
            case file(contents: String)
            case symbolicLink(target: String)
            case hardLink(target: String)
            case fifo
        }

        var path: String
        var kind: Kind
        var mode: UInt32
        /// The entry's uid and gid.
        var owner: Int64 = 0

        static func directory(_ path: String, mode: UInt32 = 0o755) -> Entry {
            Entry(path: path, kind: .directory, mode: mode)
        }

        static func file(_ path: String, _ contents: String = "", mode: UInt32 = 0o644, owner: Int64 = 0) -> Entry {
            Entry(path: path, kind: .file(contents: contents), mode: mode, owner: owner)
        }

        static func symbolicLink(_ path: String, to target: String) -> Entry {
            Entry(path: path, kind: .symbolicLink(target: target), mode: 0o777)
        }

        static func hardLink(_ path: String, to target: String) -> Entry {
            Entry(path: path, kind: .hardLink(target: target), mode: 0o644)
        }

        static func fifo(_ path: String) -> Entry {
            Entry(path: path, kind: .fifo, mode: 0o644)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func write(_ entries: [Entry], to path: FilePath, compression: Compression = .gzip) throws {
        guard let archive = archive_write_new(), let header = archive_entry_new() else {
            throw Failure(description: "libarchive allocation failed")
        }
        defer {
            archive_entry_free(header)
            archive_write_free(archive)
        }
        let filterStatus = switch compression {
        case .none: ARCHIVE_OK
        case .gzip: archive_write_add_filter_gzip(archive)
        case .zstd: archive_write_add_filter_zstd(archive)
        }
        guard archive_write_set_format_pax_restricted(archive) == ARCHIVE_OK, filterStatus == ARCHIVE_OK,
            archive_write_open_filename(archive, path.string) == ARCHIVE_OK
        else {
            throw Failure(description: String(cString: archive_error_string(archive)))
        }
        for entry in entries {
            archive_entry_clear(header)
            archive_entry_copy_pathname(header, entry.path)
            archive_entry_set_perm(header, entry.mode)
            archive_entry_set_uid(header, entry.owner)
            archive_entry_set_gid(header, entry.owner)
            archive_entry_set_mtime(header, 1_700_000_000, 0)
            var data: [UInt8] = []
            switch entry.kind {
            case .directory:
                archive_entry_set_filetype(header, 0o040000)
            case .file(let contents):
                archive_entry_set_filetype(header, 0o100000)
                data = Array(contents.utf8)
            case .symbolicLink(let target):
                archive_entry_set_filetype(header, 0o120000)
                archive_entry_copy_symlink(header, target)
            case .hardLink(let target):
                archive_entry_set_filetype(header, 0o100000)
                archive_entry_copy_hardlink(header, target)
            case .fifo:
                archive_entry_set_filetype(header, 0o010000)
            }
            archive_entry_set_size(header, Int64(data.count))
            guard archive_write_header(archive, header) == ARCHIVE_OK else {
                throw Failure(description: String(cString: archive_error_string(archive)))
            }
            _ = data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        }
        guard archive_write_close(archive) == ARCHIVE_OK else {
            throw Failure(description: String(cString: archive_error_string(archive)))
        }
    }
}
