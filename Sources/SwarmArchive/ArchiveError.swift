public import SwarmFileSystem
public import SystemPackage

/// Why an archive could not be written, read or extracted. Every case names the archive and,
/// where one is involved, the entry; messages say what the operator can do.
public enum ArchiveError: Error, Sendable, CustomStringConvertible {
    /// An archive already exists at the destination; archives are never overwritten.
    case destinationExists(archive: FilePath)
    /// A partial archive from a writer that is still running or was killed is in the way.
    case partialFileExists(FilePath)
    /// The destination's filesystem has no hard links (vfat, exFAT), which atomic publication needs.
    case linksUnsupported(directory: FilePath)
    /// The operating system refused an operation on a file of the archive or its source.
    case fileSystem(FileSystemError)
    /// libarchive failed while writing the archive; `reason` is its message.
    case writeFailed(archive: FilePath, reason: String)
    /// The writer already failed once; nothing more can be added.
    case writerUnusable(archive: FilePath)
    /// A user entry path is not acceptable.
    case invalidEntryPath(String, problem: EntryPathProblem)
    /// A source on disk is neither a regular file nor a directory.
    case unsupportedFileType(path: FilePath)
    /// A source delivered a different number of bytes than declared (a file that changed while
    /// it was archived, or a short stream).
    case sourceLengthMismatch(entry: String, declaredByteCount: Int64, deliveredByteCount: Int64)
    /// The async byte stream of an entry failed.
    case sourceStreamFailed(entry: String, cause: any Error)
    /// The data of `entry` could not be decoded: compressed bytes are damaged (`reason` says how).
    case damagedEntry(archive: FilePath, entry: String, reason: String)
    /// The header that follows `previousEntry` (nil: the first one) could not be decoded.
    case damagedHeader(archive: FilePath, previousEntry: String?, reason: String)
    /// `entry`'s data does not match its recorded SHA-256.
    case checksumMismatch(archive: FilePath, entry: String)
    /// `entry` is followed by something other than its checksum record.
    case missingChecksum(archive: FilePath, entry: String)
    /// The archive holds an entry a swarmd archive never has at that place.
    case unexpectedEntry(archive: FilePath, entry: String, reason: UnexpectedEntryReason)
    /// The archive ends before its end record: it was cut short.
    case truncated(archive: FilePath, lastCompleteEntry: String?)
    /// Extraction needs an existing, empty destination directory.
    case extractionDestinationNotEmpty(FilePath)
    /// The whole-file checksum at the end of the archive is missing or does not match: bytes
    /// outside any file's contents (tar headers, the compressed stream, the end) were changed.
    case badTrailer(archive: FilePath, reason: TrailerProblem)

    /// The archive is encrypted and no key (or the other kind of key) was given.
    case encrypted(archive: FilePath, method: String)
    /// The key given does not open the archive's content key.
    case wrongDecryptionKey(archive: FilePath)
    /// The encrypted stream is damaged, cut short or altered (`reason` says where).
    case decryptionFailed(archive: FilePath, reason: String)
    /// The archive could not be encrypted (`reason`: the passphrase key could not be derived).
    case encryptionFailed(archive: FilePath, reason: String)

    /// What is wrong with an archive's whole-file checksum.
    public enum TrailerProblem: Sendable, Equatable {
        case missing
        case mismatch
    }

    /// Why an entry in an archive is not one a swarmd archive can hold there.
    public enum UnexpectedEntryReason: Sendable, Equatable, CustomStringConvertible {
        case unsafePath(EntryPathProblem)
        case notFileOrDirectory
        case checksumRecordWithoutFile
        case oversizedRecord(byteCount: Int64)
        case malformedEndRecord
        case endRecordCountMismatch(recorded: Int, read: Int)
        case afterEndRecord

        public var description: String {
            switch self {
            case .unsafePath(let problem): "unsafe path: \(problem)"
            case .notFileOrDirectory: "it is a link, device or other special file, not a regular file or directory"
            case .checksumRecordWithoutFile: "a checksum record with no file before it"
            case .oversizedRecord(let byteCount): "a record of \(byteCount) bytes, larger than any swarmd writes"
            case .malformedEndRecord: "the end record is malformed"
            case .endRecordCountMismatch(let recorded, let read): "the end record counts \(recorded) entries but \(read) were read"
            case .afterEndRecord: "an entry after the end record"
            }
        }
    }

    public var description: String {
        switch self {
        case .destinationExists(let archive):
            "\(archive) already exists; archives are never overwritten: choose another name or move the old one away"
        case .partialFileExists(let path):
            "\(path) exists: another writer is creating this archive, or one was killed; "
                + "if none is running, delete \(path) and retry"
        case .linksUnsupported(let directory):
            "\(directory) is on a filesystem without hard links (vfat or exFAT?), which atomic publication "
                + "needs: write the archive to a Linux filesystem and copy it"
        case .fileSystem(let error):
            error.description
        case .writeFailed(let archive, let reason):
            "writing archive \(archive) failed: \(reason); check free space and retry"
        case .writerUnusable(let archive):
            "archive \(archive) already failed to write; start a new archive"
        case .invalidEntryPath(let path, let problem):
            "cannot archive '\(path)': \(problem)"
        case .unsupportedFileType(let path):
            "cannot archive \(path): only regular files and directories are archived (it is a link, device, socket or pipe)"
        case .sourceLengthMismatch(let entry, let declared, let delivered):
            "entry '\(entry)' was declared as \(declared) bytes but its source delivered \(delivered): "
                + "the file changed while it was archived or the stream was cut; archive it again"
        case .sourceStreamFailed(let entry, let cause):
            "the byte stream of entry '\(entry)' failed: \(cause)"
        case .damagedEntry(let archive, let entry, let reason):
            "archive \(archive) is damaged inside entry '\(entry)' (\(reason)); use another copy of the archive"
        case .damagedHeader(let archive, let previousEntry, let reason):
            "archive \(archive) is damaged \(Self.position(after: previousEntry)) (\(reason)); use another copy of the archive"
        case .checksumMismatch(let archive, let entry):
            "entry '\(entry)' of archive \(archive) does not match its recorded SHA-256: "
                + "the archive is damaged or was altered; use another copy"
        case .missingChecksum(let archive, let entry):
            "entry '\(entry)' of archive \(archive) has no checksum record: "
                + "the archive is damaged or was not written by swarmd"
        case .unexpectedEntry(let archive, let entry, let reason):
            "archive \(archive) has an unexpected entry '\(entry)': \(reason); it is damaged or was not written by swarmd"
        case .truncated(let archive, let lastCompleteEntry):
            "archive \(archive) ends too early, \(Self.position(after: lastCompleteEntry)): "
                + "it was cut short while written or copied; use another copy"
        case .extractionDestinationNotEmpty(let directory):
            "cannot extract into \(directory): it must be an existing, empty directory"
        case .encrypted(let archive, let method):
            "archive \(archive) is encrypted \(method): give the key that opens it (--identity-file or --passphrase-file)"
        case .wrongDecryptionKey(let archive):
            "the key given does not open archive \(archive): it was encrypted to another key or under another passphrase"
        case .decryptionFailed(let archive, let reason):
            "archive \(archive) cannot be decrypted: \(reason); use another copy"
        case .encryptionFailed(let archive, let reason):
            "archive \(archive) could not be encrypted: \(reason)"
        case .badTrailer(let archive, .missing):
            "archive \(archive) does not end with swarmd's whole-file checksum: it was cut short or altered, "
                + "or was not written by swarmd; use another copy"
        case .badTrailer(let archive, .mismatch):
            "archive \(archive) does not match its whole-file checksum: bytes outside the files' contents "
                + "(tar headers, names, permissions or the compressed stream) were changed; use another copy"
        }
    }

    private static func position(after entry: String?) -> String {
        entry.map { "after entry '\($0)'" } ?? "before its first entry"
    }
}

/// Runs a file-system call, reporting its failure as `ArchiveError.fileSystem`.
func fileSystem<Result>(_ call: @autoclosure () throws(FileSystemError) -> Result) throws(ArchiveError) -> Result {
    do {
        return try call()
    } catch {
        throw .fileSystem(error)
    }
}

extension ArchiveError {
    /// Whether the error says the archive itself is damaged or altered (rather than that it
    /// could not be reached or written).
    public var isDamage: Bool {
        switch self {
        case .damagedEntry, .damagedHeader, .checksumMismatch, .missingChecksum, .unexpectedEntry, .truncated, .badTrailer, .decryptionFailed: true
        default: false
        }
    }
}
