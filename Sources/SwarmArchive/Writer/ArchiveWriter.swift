public import SystemPackage
import CArchive
import SwarmFileSystem

/// Writes a swarmd archive: a pax tar stream compressed with zstd, with a SHA-256 record after
/// every file and an end record (layout in `ArchiveLayout`).
///
/// The archive is written to `<destination>.partial`, created exclusively (never through a
/// symbolic link, never shared with a concurrent writer), and appears under `destination` only
/// when `finish()` has made it durable, so a crash or an abandoned writer never leaves a half
/// archive under the final name; an existing `destination` is never replaced. A `.partial` left
/// by a killed writer is reported, not reused. Memory use is constant: data passes through one
/// fixed buffer whatever the archive's size.
///
/// Not thread-safe: one task owns a writer. After any failure the writer refuses further
/// entries (`ArchiveError.writerUnusable`); releasing it removes the partial file.
public final class ArchiveWriter {
    /// Where the finished archive will appear.
    public let destination: FilePath
    private let partialPath: FilePath
    private let descriptor: FileDescriptor
    private let archive: OpaquePointer
    private let header: OpaquePointer
    private let copyBuffer: UnsafeMutableRawBufferPointer
    private var state = State.open
    private var isDescriptorOpen = true
    private var isPartialFileRemoved = false
    private var currentFile: FileEntryProgress?
    /// The encrypting sink libarchive writes into, for an encrypted archive.
    private var encryptingOutput: EncryptingOutput?
    private var entryCount = 0
    /// File data passed since the writer last started the disk's writeback of what it wrote.
    private var bytesSinceWriteback = 0

    private enum State {
        case open
        case failed
        case finished
    }

    /// Bytes read from a source file per write.
    private static let copyBufferByteCount = 256 * 1024
    /// Every this many bytes of file data, the writer starts writing what it wrote so far to the
    /// disk (without waiting): a large archive reaches the disk as it is written, not in one
    /// burst at its final fsync that would hold up every other fsync on the disk meanwhile (a
    /// Raft log's, when a backup is written on a manager's host).
    private static let writebackInterval = 4 << 20

    /// Starts a new archive that `finish()` will publish at `destination`, encrypted as a whole
    /// when `encryption` says so.
    ///
    /// - Throws: `ArchiveError.destinationExists` if `destination` exists, `.partialFileExists`
    ///   if `<destination>.partial` does; `.fileSystem` if the partial file cannot be created;
    ///   `.encryptionFailed` if a passphrase key cannot be derived.
    public init(creatingAt destination: FilePath, encryption: ArchiveEncryption? = nil) throws(ArchiveError) {
        if (try? destination.stat(followTargetSymlink: false)) != nil {
            throw .destinationExists(archive: destination)
        }
        let partialPath = FilePath(destination.string + ".partial")
        // 0600: archives hold cluster state; whoever needs them wider can chmod after finish.
        let descriptor: FileDescriptor
        do {
            descriptor = try FileSystemCalls.createExclusively(partialPath, .readWrite, permissions: [.ownerReadWrite])
        } catch where error.errno == .fileExists {
            throw .partialFileExists(partialPath)
        } catch {
            throw .fileSystem(error)
        }
        guard let archive = archive_write_new(), let header = archive_entry_new() else {
            preconditionFailure("libarchive could not allocate a writer: out of memory")
        }
        self.destination = destination
        self.partialPath = partialPath
        self.descriptor = descriptor
        self.archive = archive
        self.header = header
        self.copyBuffer = .allocate(byteCount: Self.copyBufferByteCount, alignment: 16)
        let isConfigured = archive_write_set_format_pax_restricted(archive) == ARCHIVE_OK
            // Paths are stored as their raw UTF-8 bytes: libarchive would otherwise convert them
            // through the process locale, which is "C" in a daemon and fails on any non-ASCII name.
            && archive_write_set_format_option(archive, "pax", "hdrcharset", "BINARY") == ARCHIVE_OK
            && archive_write_add_filter_zstd(archive) == ARCHIVE_OK
            // A compressed stream needs no padding to tape blocks.
            && archive_write_set_bytes_in_last_block(archive, 1) == ARCHIVE_OK
        guard isConfigured else {
            state = .failed
            throw .writeFailed(archive: destination, reason: LibArchive.lastError(of: archive))
        }
        if let encryption {
            let output: EncryptingOutput
            do {
                let (header, contentKey) = try EncryptedArchiveHeader.sealing(encryption)
                output = try EncryptingOutput(descriptor: descriptor, path: partialPath, header: header, contentKey: contentKey)
            } catch let error as FileSystemError {
                state = .failed
                throw .fileSystem(error)
            } catch {
                state = .failed
                throw .encryptionFailed(archive: destination, reason: "\(error)")
            }
            encryptingOutput = output
        }
        let isOpen = encryptingOutput.map { EncryptingOutput.open(archive, into: $0) }
            ?? (archive_write_open_fd(archive, descriptor.rawValue) == ARCHIVE_OK)
        guard isOpen else {
            state = .failed
            throw .writeFailed(archive: destination, reason: LibArchive.lastError(of: archive))
        }
    }

    deinit {
        archive_entry_free(header)
        archive_write_free(archive)
        copyBuffer.deallocate()
        if isDescriptorOpen { try? descriptor.close() }
        if !isPartialFileRemoved { try? FileSystemCalls.removeFile(partialPath) }
    }

    /// Adds the regular file at `source` as `entryPath`, keeping its permission bits and
    /// modification time.
    ///
    /// - Throws: `.invalidEntryPath`, `.unsupportedFileType` (not a regular file),
    ///   `.sourceLengthMismatch` (the file changed while read), `.fileSystem`, `.writeFailed`.
    public func addFile(at source: FilePath, as entryPath: String) throws(ArchiveError) {
        try Self.validate(entryPath)
        guard try fileSystem(FileSystemCalls.status(of: source)).type == .regular else {
            throw .unsupportedFileType(path: source)
        }
        // O_NOFOLLOW and fstat again: the name could have been swapped since the check above.
        // Non-blocking: a FIFO swapped in meanwhile must not hang the open.
        let file = try fileSystem(FileSystemCalls.open(source, .readOnly, options: [.noFollow, .nonBlocking]))
        defer { try? file.close() }
        let status = try fileSystem(FileSystemCalls.status(of: file, path: source))
        guard status.type == .regular else { throw .unsupportedFileType(path: source) }
        try whileOpen { () throws(ArchiveError) in
            try beginFile(
                path: entryPath, byteCount: status.size, permissions: status.permissions,
                modificationTimeSeconds: status.modificationTimeSeconds
            )
            // Read to end of file, not to the size fstat gave: a file that grew is caught too.
            while true {
                let count = try fileSystem(FileSystemCalls.read(file, into: copyBuffer, path: source))
                if count == 0 { break }
                try appendToFile(UnsafeRawBufferPointer(rebasing: copyBuffer[..<count]))
            }
            _ = try endFile()
        }
    }

    /// Adds `byteCount` bytes delivered by `contents` as the file `entryPath`; returns their
    /// SHA-256 (hex, as the checksum record holds it).
    ///
    /// tar records an entry's size before its data, so the size must be known up front; a stream
    /// that delivers more or fewer bytes fails with `.sourceLengthMismatch`, and a stream that
    /// throws fails with `.sourceStreamFailed`.
    @discardableResult
    public func addFile<Chunks: AsyncSequence>(
        as entryPath: String,
        byteCount: Int64,
        permissions: FilePermissions = [.ownerReadWrite],
        modificationTimeSeconds: Int64,
        contents: Chunks
    ) async throws(ArchiveError) -> String where Chunks.Element == [UInt8] {
        try Self.validate(entryPath)
        try whileOpen { () throws(ArchiveError) in
            try beginFile(
                path: entryPath, byteCount: byteCount, permissions: permissions,
                modificationTimeSeconds: modificationTimeSeconds
            )
        }
        var chunks = contents.makeAsyncIterator()
        while true {
            let next: [UInt8]?
            do {
                next = try await chunks.next()
            } catch {
                // Whatever the stream threw, even an ArchiveError of its own, the entry is half
                // written and cannot be finished.
                state = .failed
                throw .sourceStreamFailed(entry: entryPath, cause: error)
            }
            guard let chunk = next else { break }
            try whileOpen { () throws(ArchiveError) in
                // Array's withUnsafeBytes rethrows untyped errors: carry the typed one out.
                try chunk.withUnsafeBytes { bytes in Result { () throws(ArchiveError) in try appendToFile(bytes) } }.get()
            }
        }
        var digest = ""
        try whileOpen { () throws(ArchiveError) in digest = try endFile() }
        return digest
    }

    /// Adds a directory entry. Extraction creates parent directories anyway; an entry records
    /// permissions and keeps empty directories.
    public func addDirectory(
        as entryPath: String,
        permissions: FilePermissions = [.ownerReadWriteExecute],
        modificationTimeSeconds: Int64
    ) throws(ArchiveError) {
        try Self.validate(entryPath)
        try whileOpen { () throws(ArchiveError) in
            try writeHeader(
                path: entryPath, type: LibArchive.directoryType, byteCount: 0,
                permissions: permissions, modificationTimeSeconds: modificationTimeSeconds
            )
            entryCount += 1
        }
    }

    /// Writes the end record, flushes and fsyncs the archive, publishes it at `destination`
    /// without replacing anything there, removes the partial name and fsyncs the directory.
    ///
    /// - Throws: `.destinationExists` if something appeared at `destination` meanwhile (the
    ///   partial file is removed); `.linksUnsupported` on filesystems without hard links
    ///   (vfat, exFAT); `.fileSystem` or `.writeFailed` for I/O failures.
    public func finish() throws(ArchiveError) {
        try whileOpen { () throws(ArchiveError) in
            try writeRecord(path: ArchiveLayout.endRecordPath, content: ArchiveLayout.endRecord(entryCount: entryCount))
            guard archive_write_close(archive) == ARCHIVE_OK else {
                if let failure = encryptingOutput?.failure { throw .fileSystem(failure) }
                throw .writeFailed(archive: destination, reason: LibArchive.lastError(of: archive))
            }
            try appendTrailer()
            try fileSystem(FileSystemCalls.synchronize(descriptor, path: partialPath))
            isDescriptorOpen = false
            try fileSystem(FileSystemCalls.close(descriptor, path: partialPath))
            // link(2) publishes atomically and fails if the name exists; rename(2) would replace.
            do throws(FileSystemError) {
                try FileSystemCalls.hardLink(partialPath, to: destination)
            } catch {
                switch error.errno {
                case .fileExists: throw .destinationExists(archive: destination)
                case .notPermitted, .notSupported: throw .linksUnsupported(directory: destination.removingLastComponent())
                default: throw .fileSystem(error)
                }
            }
            state = .finished
            let removal = Result { () throws(ArchiveError) in try fileSystem(FileSystemCalls.removeFile(partialPath)) }
            isPartialFileRemoved = (try? removal.get()) != nil
            try fileSystem(FileSystemCalls.synchronizeDirectory(destination.removingLastComponent()))
            try removal.get()
        }
    }

    /// Appends the whole-file checksum (`ArchiveTrailer`) of everything written so far.
    private func appendTrailer() throws(ArchiveError) {
        let size = try fileSystem(FileSystemCalls.status(of: descriptor, path: partialPath)).size
        let digest = try fileSystem(ArchiveTrailer.digest(of: descriptor, byteCount: size, path: partialPath))
        try ArchiveTrailer.encode(digest: digest).withUnsafeBytes { bytes in
            Result { () throws(ArchiveError) in try fileSystem(FileSystemCalls.writeAll(descriptor, bytes, path: partialPath)) }
        }.get()
    }

    // MARK: - Writing entries

    private static func validate(_ entryPath: String) throws(ArchiveError) {
        if let reason = ArchiveEntryPath.problem(with: entryPath) {
            throw .invalidEntryPath(entryPath, problem: reason)
        }
    }

    /// Runs `body` if the writer is usable and marks it failed if `body` throws: a half-written
    /// entry cannot be taken back.
    private func whileOpen(_ body: () throws(ArchiveError) -> Void) throws(ArchiveError) {
        guard state == .open else { throw .writerUnusable(archive: destination) }
        do {
            try body()
        } catch {
            if state == .open { state = .failed }
            throw error
        }
    }

    private func beginFile(
        path: String,
        byteCount: Int64,
        permissions: FilePermissions,
        modificationTimeSeconds: Int64
    ) throws(ArchiveError) {
        try writeHeader(
            path: path, type: LibArchive.regularFileType, byteCount: byteCount,
            permissions: permissions, modificationTimeSeconds: modificationTimeSeconds
        )
        currentFile = FileEntryProgress(path: path, declaredByteCount: byteCount)
    }

    private func appendToFile(_ bytes: UnsafeRawBufferPointer) throws(ArchiveError) {
        guard var file = currentFile else { preconditionFailure("ArchiveWriter: no file entry is open") }
        guard !file.wouldOverflow(adding: bytes.count) else {
            throw .sourceLengthMismatch(
                entry: file.path, declaredByteCount: file.declaredByteCount,
                deliveredByteCount: file.deliveredByteCount + Int64(bytes.count)
            )
        }
        file.record(bytes)
        currentFile = file
        try writeData(bytes)
        bytesSinceWriteback += bytes.count
        if bytesSinceWriteback >= Self.writebackInterval {
            bytesSinceWriteback = 0
            // Best effort: the final fsync makes the archive durable either way.
            try? FileSystemCalls.startWriteback(descriptor, offset: 0, byteCount: 0, path: partialPath)
        }
    }

    /// Checks the delivered length, then writes the file's checksum record; returns the digest.
    private func endFile() throws(ArchiveError) -> String {
        guard let file = currentFile else { preconditionFailure("ArchiveWriter: no file entry is open") }
        currentFile = nil
        guard file.deliveredByteCount == file.declaredByteCount else {
            throw .sourceLengthMismatch(
                entry: file.path, declaredByteCount: file.declaredByteCount, deliveredByteCount: file.deliveredByteCount
            )
        }
        let digest = file.hexDigest
        try writeRecord(
            path: ArchiveLayout.checksumRecordPath(for: file.path),
            content: ArchiveLayout.checksumRecord(hexDigest: digest, path: file.path)
        )
        entryCount += 1
        return digest
    }

    private func writeHeader(
        path: String,
        type: UInt32,
        byteCount: Int64,
        permissions: FilePermissions,
        modificationTimeSeconds: Int64
    ) throws(ArchiveError) {
        precondition(currentFile == nil, "ArchiveWriter: a header cannot be written inside a file entry")
        archive_entry_clear(header)
        archive_entry_copy_pathname(header, path)
        archive_entry_set_filetype(header, type)
        archive_entry_set_perm(header, permissions.rawValue & LibArchive.permissionMask)
        archive_entry_set_size(header, byteCount)
        archive_entry_set_mtime(header, Int(modificationTimeSeconds), 0)
        guard archive_write_header(archive, header) == ARCHIVE_OK else {
            throw .writeFailed(archive: destination, reason: LibArchive.lastError(of: archive))
        }
    }

    private func writeData(_ bytes: UnsafeRawBufferPointer) throws(ArchiveError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let written = archive_write_data(archive, base, bytes.count)
        guard written == bytes.count else {
            throw .writeFailed(archive: destination, reason: LibArchive.lastError(of: archive))
        }
    }

    /// Writes one of swarmd's own small records as a regular file entry.
    private func writeRecord(path: String, content: [UInt8]) throws(ArchiveError) {
        try writeHeader(
            path: path, type: LibArchive.regularFileType, byteCount: Int64(content.count),
            permissions: [.ownerReadWrite, .groupRead, .otherRead], modificationTimeSeconds: 0
        )
        try content.withUnsafeBytes { bytes in Result { () throws(ArchiveError) in try writeData(bytes) } }.get()
    }
}
