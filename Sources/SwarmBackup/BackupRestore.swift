import Foundation
public import SwarmArchive
public import SwarmCrypto
import SwarmFileSystem
public import SwarmNode
public import SystemPackage

/// `swarm-restore`: a verified backup becomes the data directory of a one-manager swarm, on
/// this host or another, at any address. Nothing is written before the archive verified; a
/// non-empty data directory is only replaced with `force`, and what it held is set aside, never
/// deleted.
public enum BackupRestore {
    /// What to restore where.
    public struct Options: Sendable {
        public var dataDirectory: FilePath
        public var addresses: ManagerRestoration.Addresses
        public var unlockKey: UnlockKey?
        /// What opens an encrypted archive.
        public var decryption: ArchiveDecryption?
        public var rotateKeys: Bool
        public var force: Bool

        public init(
            dataDirectory: FilePath, addresses: ManagerRestoration.Addresses, unlockKey: UnlockKey?, decryption: ArchiveDecryption? = nil,
            rotateKeys: Bool, force: Bool
        ) {
            self.dataDirectory = dataDirectory
            self.addresses = addresses
            self.unlockKey = unlockKey
            self.decryption = decryption
            self.rotateKeys = rotateKeys
            self.force = force
        }
    }

    /// What a restore did.
    public struct Outcome: Sendable {
        public var manifest: BackupDescription
        /// The new unlock key (`rotateKeys` on an autolocked swarm): the old one no longer opens it.
        public var newUnlockKey: UnlockKey?
        /// Where the data directory's previous contents were set aside.
        public var setAside: FilePath?
    }

    /// Restores `archive` as `options` say. The archive is verified as it is extracted into a
    /// staging directory (one pass over it); a failure removes the staging directory, and the
    /// data directory too when this run created it.
    public static func run(_ archive: FilePath, options: Options) async throws(BackupError) -> Outcome {
        let directory = options.dataDirectory
        let createsDirectory = !FileSystemCalls.exists(directory)
        do {
            try FileSystemCalls.makeDirectoryIfMissing(directory, permissions: .ownerReadWriteExecute)
        } catch {
            throw .output("creating the data directory \(directory) failed: \(error)")
        }
        let hold: DataDirectoryLock
        do {
            hold = try DataDirectoryLock.acquire(directory)
        } catch {
            throw .node(.dataDirectoryUnavailable(error))
        }
        defer { withExtendedLifetime(hold) {} }
        let present = (try? FileSystemCalls.sortedNames(in: directory).filter { $0 != DataDirectoryLock.fileName }) ?? []
        guard present.isEmpty || options.force else {
            throw .output(
                "\(directory) is not empty (it holds \(present.prefix(5).joined(separator: ", "))): restore into an empty directory, "
                    + "or give --force to set its contents aside (into \(directory)/replaced-…) and restore in their place"
            )
        }
        let rebuilt: RebuiltDataDirectory
        do {
            rebuilt = try RebuiltDataDirectory(in: directory, purpose: "restore")
        } catch {
            throw .node(error)
        }
        let manifest: BackupDescription
        let newKey: UnlockKey?
        do {
            let files = rebuilt.staging.appending("backup")
            try FileSystemCalls.makeDirectory(files, permissions: .ownerReadWriteExecute)
            manifest = try BackupArchive.extractVerified(archive, decryption: options.decryption, into: files)
            if manifest.autolocked, options.unlockKey == nil {
                throw BackupError.input(
                    "\(archive) is a backup of an autolocked swarm: give --unlock-key-file with the swarm's unlock key as of the backup "
                        + "(docker swarm unlock-key showed it); nothing was written"
                )
            }
            newKey = try await ManagerRestoration.build(
                fromBackupFiles: files, describedBy: manifest, into: rebuilt, unlockKey: options.unlockKey, addresses: options.addresses, rotateKeys: options.rotateKeys
            )
            try FileSystemCalls.removeTree(files)
        } catch {
            // Nothing of a failed restore stays behind: not the staging directory, and not the
            // data directory if this run created it (else only the hold's lock file).
            try? FileSystemCalls.removeTree(createsDirectory ? directory : rebuilt.staging)
            throw wrapped(error, directory: directory)
        }
        // From here on the staging directory may hold what is replaced: it is never removed.
        do {
            let aside = options.force ? try rebuilt.setAsideCurrentContents() : nil
            _ = try rebuilt.install()
            return Outcome(manifest: manifest, newUnlockKey: newKey, setAside: aside)
        } catch {
            throw .node(error)
        }
    }

    private static func wrapped(_ error: any Error, directory: FilePath) -> BackupError {
        switch error {
        case let error as BackupError:
            error
        case let error as SwarmNodeError:
            .node(error)
        case let error as ArchiveError:
            .archive(error)
        default:
            .output("restoring into \(directory) failed: \(error)")
        }
    }
}
