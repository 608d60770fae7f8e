#if canImport(Glibc)
import Glibc
#endif
import CArchive
import SwarmFileSystem
public import SystemPackage

/// Unpacks an image layer (a tar stream, plain or compressed with gzip or zstd) into a
/// directory, and never writes, links or deletes anything outside that directory.
///
/// Entries keep their mode, times, extended attributes and, when swarmd runs as root, their
/// owner. Symbolic links are created as they are, relative or absolute, and never followed:
/// an entry whose parent path goes through one is refused (libarchive's
/// `ARCHIVE_EXTRACT_SECURE_SYMLINKS`; swarmd's own check for whiteouts, which libarchive never
/// sees), as are `..` components and absolute paths (checked before libarchive, which also has
/// `ARCHIVE_EXTRACT_SECURE_NODOTDOT`), and hard links to anything outside the root. libarchive
/// is handed absolute paths under the resolved root (`SECURE_NOABSOLUTEPATHS` therefore cannot
/// be set), because its only other way is to change the process's working directory. Devices,
/// FIFOs and sockets are skipped and counted. The root directory keeps its own mode and owner.
///
/// On error, part of the layer may be on disk: unpack into a staging directory and discard it.
/// Blocking: it reads and writes files on the calling thread.
public final class LayerExtractor {
    let root: [UInt8]
    let whiteouts: WhiteoutHandling
    private let descriptor: FileDescriptor
    let reader: OpaquePointer
    let writer: OpaquePointer
    /// In `.apply` mode, the paths this layer has put on disk and their parents: what a
    /// whiteout or an opaque directory in the same layer leaves alone.
    var unpackedPaths: Set<LayerEntryPath> = []
    var summary = LayerExtraction()
    /// The last entry read, for messages about what follows it.
    var lastEntry: String?

    /// Bytes libarchive reads from the layer file per call.
    private static let readBlockByteCount = 64 * 1024

    /// What libarchive restores, and the checks it makes on every path.
    private static var extractionFlags: Int32 {
        let restored = ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_XATTR | (geteuid() == 0 ? ARCHIVE_EXTRACT_OWNER : 0)
        return restored | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT
    }

    /// Unpacks the layer file `layer` into the existing directory `root`.
    ///
    /// - Throws: `.unsafeEntry` for an entry that would reach outside `root`, `.unreadable` for
    ///   a file that is not a layer or is damaged, `.unwritable` and `.fileSystem` for what the
    ///   disk refused.
    @discardableResult
    public static func extract(_ layer: FilePath, into root: FilePath, whiteouts: WhiteoutHandling) throws(LayerExtractionError) -> LayerExtraction {
        try LayerExtractor(layer: layer, root: root, whiteouts: whiteouts).run()
    }

    private init(layer: FilePath, root: FilePath, whiteouts: WhiteoutHandling) throws(LayerExtractionError) {
        let resolvedRoot = try Self.resolve(root)
        let descriptor: FileDescriptor
        do {
            descriptor = try FileSystemCalls.open(layer, .readOnly)
        } catch {
            throw .fileSystem(error)
        }
        guard let reader = archive_read_new(), let writer = archive_write_disk_new() else {
            preconditionFailure("libarchive could not allocate a reader or writer: out of memory")
        }
        self.root = resolvedRoot
        self.whiteouts = whiteouts
        self.descriptor = descriptor
        self.reader = reader
        self.writer = writer
        // Only the filters layers use: `support_filter_all` would include ones that run
        // external programs.
        let isOpen = archive_read_support_filter_gzip(reader) == ARCHIVE_OK
            && archive_read_support_filter_zstd(reader) == ARCHIVE_OK
            && archive_read_support_format_tar(reader) == ARCHIVE_OK
            && archive_write_disk_set_options(writer, Self.extractionFlags) == ARCHIVE_OK
            && archive_read_open_fd(reader, descriptor.rawValue, Self.readBlockByteCount) == ARCHIVE_OK
        guard isOpen else {
            throw .unreadable(afterEntry: nil, reason: LibArchiveMessage.last(of: reader, root: resolvedRoot))
        }
    }

    deinit {
        archive_read_free(reader)
        archive_write_free(writer)
        try? descriptor.close()
    }

    private func run() throws(LayerExtractionError) -> LayerExtraction {
        while let entry = try nextEntry() {
            try unpack(entry)
        }
        // Closing applies the permissions and times of directories, deferred until their
        // contents are written.
        guard archive_write_close(writer) >= ARCHIVE_WARN else {
            throw .unwritable(entry: lastEntry ?? "(none)", reason: LibArchiveMessage.last(of: writer, root: root))
        }
        return summary
    }

    /// The next entry's header, or nil at the end of the layer.
    private func nextEntry() throws(LayerExtractionError) -> OpaquePointer? {
        var entry: OpaquePointer?
        switch archive_read_next_header(reader, &entry) {
        case ARCHIVE_EOF:
            return nil
        case ARCHIVE_OK, ARCHIVE_WARN:
            // A warning is a name libarchive could not convert to the locale: the raw bytes are kept.
            guard let entry else { return nil }
            return entry
        default:
            throw .unreadable(afterEntry: lastEntry, reason: LibArchiveMessage.last(of: reader, root: root))
        }
    }

    /// `root`'s real path, with no symbolic link in it: libarchive refuses any path through one.
    private static func resolve(_ root: FilePath) throws(LayerExtractionError) -> [UInt8] {
        guard let resolved = root.withPlatformString({ realpath($0, nil) }) else {
            throw .fileSystem(FileSystemError(path: root, operation: .inspect, errno: Errno(rawValue: errno)))
        }
        defer { free(resolved) }
        let bytes = Array(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
        precondition(bytes != Array("/".utf8), "a layer is never unpacked into the host's root directory")
        return bytes
    }
}
