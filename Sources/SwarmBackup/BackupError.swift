public import SwarmArchive
public import SwarmNode
public import SystemPackage

/// Why a backup, verification or restore failed, in words for the operator. Messages name the
/// archive and what in it is wrong, and never hold a secret.
public enum BackupError: Error, Sendable, CustomStringConvertible {
    /// The archive could not be written, read or verified (the archive layer names the entry).
    case archive(ArchiveError)
    /// The archive is intact as a tar stream but is not a swarmd backup, or its manifest does
    /// not match its files.
    case notABackup(archive: FilePath, reason: String)
    /// The archive's manifest has a format this build does not read.
    case unsupportedFormat(archive: FilePath, format: Int)
    /// Reading the node's state failed (cold backups and restores).
    case node(SwarmNodeError)
    /// The running swarmd could not be asked for a hot backup, or refused it.
    case daemon(String)
    /// The hot backup stream broke off or does not match what it announced.
    case stream(String)
    /// A file the backup needs, given by the operator, cannot be used.
    case input(String)
    /// The output directory or retention could not be handled.
    case output(String)

    public var description: String {
        switch self {
        case .archive(let error):
            "\(error)"
        case .notABackup(let archive, let reason):
            "\(archive) is not a usable swarmd backup: \(reason)"
        case .unsupportedFormat(let archive, let format):
            "\(archive) is a swarmd backup of format \(format), which this swarm-backup (format \(BackupDescription.currentFormat)) cannot read: use a newer release"
        case .node(let error):
            "\(error)"
        case .daemon(let reason):
            "the hot backup failed: \(reason)"
        case .stream(let reason):
            "the hot backup stream from swarmd is broken (\(reason)); nothing was kept: run the backup again"
        case .input(let reason), .output(let reason):
            reason
        }
    }
}

extension BackupError {
    /// The exit status swarm-backup and swarm-restore give for this error: 2 when the archive
    /// is damaged or is not a swarmd backup, 1 for every other failure.
    public var exitStatus: Int32 {
        switch self {
        case .archive(let error) where error.isDamage: 2
        case .notABackup, .unsupportedFormat: 2
        default: 1
        }
    }
}
