public import SystemPackage
import CArchive
import SwarmCrypto
import SwarmFileSystem

/// Reads a swarmd archive entry by entry, verifying as it streams.
///
/// Call `nextEntry()`; for a file, call `readData(into:)` until it returns 0. The 0 comes only
/// after the file's bytes matched their recorded SHA-256, so a consumer never finishes a file
/// that is damaged. `nextEntry()` returns nil only after the end record confirmed that no entry
/// is missing. Skipping a file's data is allowed: `nextEntry()` reads and verifies it first.
///
/// Every error names the archive and the entry it concerns; after an error the reader repeats
/// it. Memory use is constant in the archive's size. Not thread-safe: one task owns a reader.
public final class ArchiveReader {
    /// The archive being read.
    public let source: FilePath
    private let descriptor: FileDescriptor
    private let archive: OpaquePointer
    private var state = State.betweenEntries
    private var failure: ArchiveError?
    private var lastCompleteEntry: String?
    private var entryCount = 0
    /// What is wrong with the archive as a whole (its trailer), reported once every entry read
    /// well: an entry's own error names the damage more precisely.
    private let wholeFileProblem: ArchiveError?
    /// The decrypting source libarchive reads from, for an encrypted archive.
    private let decryptingInput: DecryptingInput?
    /// The files read to their end and verified so far, in archive order.
    public private(set) var verifiedFiles: [VerifiedFile] = []

    /// A file of the archive that was read whole and matched its checksum record.
    public struct VerifiedFile: Sendable, Equatable {
        public var path: String
        public var byteCount: Int64
        /// Its SHA-256, in lowercase hex.
        public var sha256: String
    }

    private enum State {
        case betweenEntries
        case inFile(FileEntryProgress)
        case ended
    }

    /// Bytes libarchive reads from the file per call.
    private static let readBlockByteCount = 64 * 1024

    /// Opens the archive at `source`; an encrypted archive needs `decryption` (a plain one
    /// ignores it).
    ///
    /// - Throws: `ArchiveError.fileSystem` if it cannot be opened, `.damagedHeader` if it is not
    ///   a compressed tar stream at all, `.encrypted` (no key given), `.wrongDecryptionKey`,
    ///   `.decryptionFailed`.
    public init(contentsOf source: FilePath, decryption: ArchiveDecryption? = nil) throws(ArchiveError) {
        let descriptor = try fileSystem(FileSystemCalls.open(source, .readOnly))
        let wholeFileProblem: ArchiveError?
        let input: DecryptingInput?
        do {
            let (problem, dataEnd) = try Self.checkTrailer(of: descriptor, source: source)
            wholeFileProblem = problem
            input = try Self.decryptingInput(of: descriptor, source: source, dataEnd: dataEnd, decryption: decryption)
        } catch {
            try? descriptor.close()
            throw error
        }
        guard let archive = archive_read_new() else {
            preconditionFailure("libarchive could not allocate a reader: out of memory")
        }
        self.source = source
        self.descriptor = descriptor
        self.archive = archive
        self.wholeFileProblem = wholeFileProblem
        self.decryptingInput = input
        let isOpen = archive_read_support_filter_zstd(archive) == ARCHIVE_OK
            && archive_read_support_format_tar(archive) == ARCHIVE_OK
            && (input.map { DecryptingInput.open(archive, from: $0) }
                ?? (archive_read_open_fd(archive, descriptor.rawValue, Self.readBlockByteCount) == ARCHIVE_OK))
        guard isOpen else {
            throw .damagedHeader(archive: source, previousEntry: nil, reason: lastError)
        }
    }

    /// Checks only the archive's whole-file checksum (`ArchiveTrailer`): what an archive
    /// encrypted to someone else's key can be checked with.
    ///
    /// - Throws: `.badTrailer`, `.fileSystem`.
    public static func checkWholeFileChecksum(of source: FilePath) throws(ArchiveError) {
        let descriptor = try fileSystem(FileSystemCalls.open(source, .readOnly))
        defer { try? descriptor.close() }
        if let problem = try checkTrailer(of: descriptor, source: source).0 { throw problem }
    }

    /// The source of an encrypted archive's plaintext, or nil when it is not encrypted.
    private static func decryptingInput(
        of descriptor: FileDescriptor, source: FilePath, dataEnd: Int64, decryption: ArchiveDecryption?
    ) throws(ArchiveError) -> DecryptingInput? {
        var prefix = [UInt8](repeating: 0, count: EncryptedArchiveHeader.fixedByteCount + EncryptedArchiveHeader.envelopeByteLimit)
        let count = try prefix.withUnsafeMutableBytes { bytes in
            Result { () throws(ArchiveError) in try fileSystem(FileSystemCalls.read(descriptor, at: 0, into: bytes, path: source)) }
        }.get()
        let header: EncryptedArchiveHeader
        do {
            guard let parsed = try EncryptedArchiveHeader.parse(Array(prefix.prefix(count))) else { return nil }
            header = parsed
        } catch {
            throw .decryptionFailed(archive: source, reason: "\(error)")
        }
        guard let decryption else {
            throw .encrypted(archive: source, method: header.method == .recipient ? "to a recipient's public key" : "under a passphrase")
        }
        let contentKey: SecretKey
        do {
            contentKey = try header.contentKey(with: decryption)
        } catch .authenticationFailed {
            throw .wrongDecryptionKey(archive: source)
        } catch {
            throw .decryptionFailed(archive: source, reason: "its key envelope cannot be opened (\(error))")
        }
        return try DecryptingInput(descriptor: descriptor, path: source, header: header, contentKey: contentKey, end: dataEnd)
    }

    /// What went wrong last: the decryption's reason when it failed, else libarchive's message.
    private var lastError: String {
        decryptingInput?.failure ?? LibArchive.lastError(of: archive)
    }

    deinit {
        archive_read_free(archive)
        try? descriptor.close()
    }

    /// Moves to the next entry, first reading and verifying whatever is left of the current file.
    ///
    /// - Returns: the entry, or nil at the verified end of the archive.
    /// - Throws: `.checksumMismatch`, `.missingChecksum`, `.damagedEntry`, `.damagedHeader`,
    ///   `.unexpectedEntry` or `.truncated`, each naming the entry concerned.
    public func nextEntry() throws(ArchiveError) -> ArchiveEntry? {
        try recordingFailure { () throws(ArchiveError) -> ArchiveEntry? in
            switch state {
            case .ended:
                return nil
            case .inFile:
                try drainCurrentFile()
            case .betweenEntries:
                break
            }
            guard let header = try readHeader() else {
                throw .truncated(archive: source, lastCompleteEntry: lastCompleteEntry)
            }
            let entry = try describe(header)
            if entry.path == ArchiveLayout.endRecordPath {
                try readEndRecord(entry)
                return nil
            }
            guard !ArchiveLayout.isReserved(entry.path) else {
                throw unexpected(entry.path, .checksumRecordWithoutFile)
            }
            switch entry.kind {
            case .directory:
                entryCount += 1
                lastCompleteEntry = entry.path
            case .file:
                state = .inFile(FileEntryProgress(path: entry.path, declaredByteCount: entry.byteCount))
            }
            return entry
        }
    }

    /// Reads the current file's next bytes into `buffer`, which must not be empty.
    ///
    /// - Returns: the number of bytes read; 0 once the file has been read and verified (or when
    ///   the current entry is not a file).
    /// - Throws: `.damagedEntry` or `.checksumMismatch` naming the file.
    public func readData(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveError) -> Int {
        precondition(!buffer.isEmpty, "ArchiveReader.readData needs a non-empty buffer")
        return try recordingFailure { () throws(ArchiveError) -> Int in
            guard case .inFile(var file) = state, let base = buffer.baseAddress else { return 0 }
            let count = archive_read_data(archive, base, buffer.count)
            guard count >= 0 else {
                throw .damagedEntry(archive: source, entry: file.path, reason: lastError)
            }
            guard count > 0 else {
                try verify(file)
                return 0
            }
            file.record(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            state = .inFile(file)
            return count
        }
    }

    // MARK: - Verification

    private func recordingFailure<Result>(_ body: () throws(ArchiveError) -> Result) throws(ArchiveError) -> Result {
        if let failure { throw failure }
        do {
            return try body()
        } catch {
            failure = error
            throw error
        }
    }

    private func drainCurrentFile() throws(ArchiveError) {
        try withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 16) { (scratch) throws(ArchiveError) in
            while try readData(into: scratch) > 0 {}
        }
    }

    /// Checks a fully read file against its declared size and its checksum record.
    private func verify(_ file: FileEntryProgress) throws(ArchiveError) {
        guard file.deliveredByteCount == file.declaredByteCount else {
            throw .damagedEntry(
                archive: source, entry: file.path,
                reason: "holds \(file.deliveredByteCount) bytes but its header says \(file.declaredByteCount)"
            )
        }
        guard let header = try readHeader() else {
            throw .truncated(archive: source, lastCompleteEntry: lastCompleteEntry)
        }
        guard let record = try? describe(header),
            record.kind == .file,
            record.path == ArchiveLayout.checksumRecordPath(for: file.path)
        else {
            throw .missingChecksum(archive: source, entry: file.path)
        }
        let content = try readRecordContent(record)
        guard let recordedDigest = ArchiveLayout.hexDigest(inChecksumRecord: content, path: file.path) else {
            throw .missingChecksum(archive: source, entry: file.path)
        }
        guard recordedDigest == file.hexDigest else {
            throw .checksumMismatch(archive: source, entry: file.path)
        }
        state = .betweenEntries
        entryCount += 1
        lastCompleteEntry = file.path
        verifiedFiles.append(VerifiedFile(path: file.path, byteCount: file.deliveredByteCount, sha256: recordedDigest))
    }

    private func readEndRecord(_ record: ArchiveEntry) throws(ArchiveError) {
        let content = try readRecordContent(record)
        guard let recordedCount = ArchiveLayout.entryCount(inEndRecord: content) else {
            throw unexpected(record.path, .malformedEndRecord)
        }
        guard recordedCount == entryCount else {
            throw unexpected(record.path, .endRecordCountMismatch(recorded: recordedCount, read: entryCount))
        }
        if let extra = try readHeader() {
            throw unexpected(archive_entry_pathname(extra).map { String(cString: $0) } ?? "", .afterEndRecord)
        }
        if let wholeFileProblem { throw wholeFileProblem }
        state = .ended
    }

    /// Checks the whole-file checksum at the end of the archive; returns what is wrong, if anything.
    /// Also returns where the archive's data ends (where the trailer starts, if there is one).
    private static func checkTrailer(of descriptor: FileDescriptor, source: FilePath) throws(ArchiveError) -> (ArchiveError?, dataEnd: Int64) {
        let size = try fileSystem(FileSystemCalls.status(of: descriptor, path: source)).size
        guard size >= Int64(ArchiveTrailer.byteCount) else { return (.badTrailer(archive: source, reason: .missing), size) }
        let trailerOffset = size - Int64(ArchiveTrailer.byteCount)
        var trailer = [UInt8](repeating: 0, count: ArchiveTrailer.byteCount)
        _ = try trailer.withUnsafeMutableBytes { bytes in
            Result { () throws(ArchiveError) in try fileSystem(FileSystemCalls.read(descriptor, at: trailerOffset, into: bytes, path: source)) }
        }.get()
        guard let recorded = ArchiveTrailer.digest(in: trailer) else { return (.badTrailer(archive: source, reason: .missing), size) }
        let actual = try fileSystem(ArchiveTrailer.digest(of: descriptor, byteCount: trailerOffset, path: source))
        return (actual == recorded ? nil : .badTrailer(archive: source, reason: .mismatch), trailerOffset)
    }

    // MARK: - libarchive

    /// The next header, or nil at the end of the tar stream.
    private func readHeader() throws(ArchiveError) -> OpaquePointer? {
        var header: OpaquePointer?
        switch archive_read_next_header(archive, &header) {
        case ARCHIVE_OK:
            return header
        case ARCHIVE_EOF:
            return nil
        default:
            throw .damagedHeader(archive: source, previousEntry: lastCompleteEntry, reason: lastError)
        }
    }

    private func describe(_ header: OpaquePointer) throws(ArchiveError) -> ArchiveEntry {
        // Raw bytes, as the writer stored them (hdrcharset=BINARY): no locale conversion.
        guard let pathPointer = archive_entry_pathname(header) else {
            throw .damagedHeader(archive: source, previousEntry: lastCompleteEntry, reason: "an entry has no readable path")
        }
        let storedPath = String(cString: pathPointer)
        // A hard link with data reports itself as a regular file: only its link target gives it away.
        guard archive_entry_hardlink(header) == nil, archive_entry_symlink(header) == nil else {
            throw unexpected(storedPath, .notFileOrDirectory)
        }
        let kind: ArchiveEntry.Kind
        switch UInt32(archive_entry_filetype(header)) & LibArchive.fileTypeMask {
        case LibArchive.regularFileType: kind = .file
        case LibArchive.directoryType: kind = .directory
        default: throw unexpected(storedPath, .notFileOrDirectory)
        }
        guard archive_entry_size(header) >= 0 else {
            throw .damagedHeader(archive: source, previousEntry: lastCompleteEntry, reason: "entry '\(storedPath)' has a negative size")
        }
        // tar stores directory names with one trailing slash.
        let path = kind == .directory && storedPath.hasSuffix("/") ? String(storedPath.dropLast()) : storedPath
        if let problem = ArchiveEntryPath.structuralProblem(with: path) {
            throw unexpected(storedPath, .unsafePath(problem))
        }
        return ArchiveEntry(
            path: path,
            kind: kind,
            byteCount: kind == .file ? archive_entry_size(header) : 0,
            permissions: FilePermissions(rawValue: UInt32(archive_entry_perm(header)) & LibArchive.permissionMask),
            modificationTimeSeconds: Int64(archive_entry_mtime(header))
        )
    }

    /// Reads the whole content of one of swarmd's own small records.
    private func readRecordContent(_ record: ArchiveEntry) throws(ArchiveError) -> [UInt8] {
        guard record.byteCount <= ArchiveLayout.recordByteLimit else {
            throw unexpected(record.path, .oversizedRecord(byteCount: record.byteCount))
        }
        var content = [UInt8](repeating: 0, count: Int(record.byteCount))
        var filled = 0
        while filled < content.count {
            let count = content.withUnsafeMutableBytes { bytes in
                let rest = UnsafeMutableRawBufferPointer(rebasing: bytes[filled...])
                return rest.baseAddress.map { archive_read_data(archive, $0, rest.count) } ?? 0
            }
            guard count > 0 else {
                let reason = count == 0 ? "the record is shorter than its header says" : lastError
                throw .damagedEntry(archive: source, entry: record.path, reason: reason)
            }
            filled += count
        }
        return content
    }

    private func unexpected(_ path: String, _ reason: ArchiveError.UnexpectedEntryReason) -> ArchiveError {
        .unexpectedEntry(archive: source, entry: path, reason: reason)
    }
}
