import ArgumentParser
import DockerAPI
import Foundation
import SwarmAPIClient
import SwarmArchive
import SwarmBackup
import SwarmCrypto
import SwarmNode
import SystemPackage

/// `swarm-backup [create]`: takes a backup, hot through the socket or cold from a data directory.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Take a backup (the default command).",
        discussion: """
            With --output DIR the archive is named swarm-backup-<UTC time>.tar.zst; with --keep \
            N the oldest archives of that name beyond N are deleted, only after the new one was \
            written, made durable and verified. A failed run deletes nothing.
            """
    )

    @Option(name: [.customShort("H"), .long], help: "The running manager's API socket (unix:///PATH) for a hot backup.")
    var host: String?

    @Flag(help: "Read a stopped manager's data directory instead of asking a running one.")
    var cold = false

    @Option(help: "The stopped manager's data directory (with --cold).")
    var dataDir: String?

    @Option(help: "A file holding the unlock key, for --cold on an autolocked manager.")
    var unlockKeyFile: String?

    @Option(help: "The directory to write a time-named archive into.")
    var output: String?

    @Option(help: "The archive to write (instead of --output).")
    var file: String?

    @Option(help: "With --output: how many archives to keep, the newest.")
    var keep: Int?

    @Option(help: "Encrypt the archive to this backup recipient key (SWMBAK-PUB-1-…, from swarm-backup keygen) or the file holding it.")
    var encryptTo: String?

    @Option(help: "Encrypt the archive under the passphrase on this file's first line (Argon2id).")
    var passphraseFile: String?

    @Option(
        help: ArgumentHelp(
            "background: the backup (here and on the manager) runs only on CPU time serving does not need; normal: like any other work.",
            valueName: "background|normal"
        )
    )
    var priority: BackupPriority = .background

    func validate() throws {
        guard (output == nil) != (file == nil) else { throw ValidationError("give either --output DIR or --file PATH") }
        if let keep, keep < 1 { throw ValidationError("--keep must be at least 1") }
        if keep != nil, output == nil { throw ValidationError("--keep needs --output DIR") }
        if cold, dataDir == nil { throw ValidationError("--cold needs --data-dir DIR: the stopped manager's data directory") }
        if !cold, dataDir != nil || unlockKeyFile != nil { throw ValidationError("--data-dir and --unlock-key-file go with --cold") }
        if cold, host != nil { throw ValidationError("--host is for hot backups; --cold reads --data-dir") }
    }

    func run() async throws {
        if priority == .background { BackgroundPriority.lowerThisProcess() }
        do {
            let encryption = try BackupKeyText.encryption(encryptTo: encryptTo, passphraseFile: passphraseFile)
            let destination = file.map { FilePath($0) } ?? BackupRetention.newArchivePath(in: FilePath(output ?? "."), encrypted: encryption != nil)
            let manifest = cold ? try await takeCold(to: destination, encryption: encryption) : try await takeHot(to: destination, encryption: encryption)
            try BackupArchive.verifyWritten(destination, encryption: encryption)
            print("wrote \(destination): Raft index \(manifest.raftIndex) (term \(manifest.raftTerm)), \(BackupSummary(manifest).objectLine)")
            if let keep, let output {
                for deleted in try BackupRetention.keepNewest(keep, in: FilePath(output)) { print("deleted \(deleted)") }
            }
        } catch {
            throw BackupExitCode.report(error)
        }
    }

    private func takeHot(to destination: FilePath, encryption: ArchiveEncryption?) async throws(BackupError) -> BackupDescription {
        let client: APIClient
        do {
            client = try APIClient(host: host)
        } catch {
            throw .input("\(error)")
        }
        return try await HotBackup.take(through: client, to: destination, encryption: encryption, priority: priority)
    }

    private func takeCold(to destination: FilePath, encryption: ArchiveEncryption?) async throws(BackupError) -> BackupDescription {
        do {
            let key = try unlockKeyFile.map { (path) throws(SwarmNodeError) in try UnlockKeyFile.read(FilePath(path)) }
            let payload = try ColdBackupSource.payload(dataDirectory: FilePath(dataDir ?? ""), unlockKey: key)
            return try await BackupArchive.write(payload, to: destination, encryption: encryption)
        } catch let error as SwarmNodeError {
            throw .node(error)
        } catch let error as BackupError {
            throw error
        } catch {
            throw .output("\(error)")
        }
    }
}
