import ArgumentParser
import Foundation
import SwarmBackup
import SwarmCrypto
import SwarmNode
import SwarmVersion
import SystemPackage

/// `swarm-restore`: restores a manager from a `swarm-backup` archive, on this host or another.
@main
struct SwarmRestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm-restore",
        abstract: "Restore a swarmd manager from a swarm-backup archive, as a one-manager swarm.",
        discussion: """
            The archive is verified first; nothing is written if it is damaged. The data \
            directory becomes that of a swarm with this node as its only manager, keeping the \
            cluster ID, every object, secret and the join tokens, at the address given: start \
            swarmd on it, then join other managers and workers. The backup's other managers \
            become down workers to remove (docker node rm). A non-empty data directory is \
            only replaced with --force; its contents are set aside in DIR/replaced-<time>.

            --force-new-cluster is accepted for symmetry with Docker: a restore always makes a \
            new one-manager cluster.

            Exit codes: 0 restored; 1 failed (nothing restored); 2 the archive is damaged or \
            not a swarmd backup; 64 the command line is wrong.
            """,
        version: SwarmVersion.line(for: "swarm-restore")
    )

    @Argument(help: "The archive swarm-backup wrote.")
    var archive: String

    @Option(help: "The data directory to restore into (swarmd's --data-dir; it must not be in use).")
    var dataDir: String

    @Flag(help: "Accepted for Docker's vocabulary: every restore forms a new one-manager cluster.")
    var forceNewCluster = false

    @Option(help: "The address other nodes reach this manager at (IP[:PORT]); default: the backup's.")
    var advertiseAddr: String?

    @Option(help: "The address to listen on (IP:PORT); default: the backup's, moved to the new advertise address.")
    var listenAddr: String?

    @Option(help: "A file holding the swarm's unlock key as of the backup (autolocked swarms).")
    var unlockKeyFile: String?

    @Option(help: "For an archive encrypted to a recipient key: the file holding its identity (SWMBAK-KEY-1-…).")
    var identityFile: String?

    @Option(help: "For an archive encrypted under a passphrase: the file whose first line is it.")
    var passphraseFile: String?

    @Flag(help: "Issue a new data key, new join tokens and (autolocked swarms) a new unlock key; the old ones stop working.")
    var rotateKeys = false

    @Flag(help: "Replace a data directory that is not empty (its contents are set aside, not deleted).")
    var force = false

    func run() async throws {
        do {
            let key = try unlockKeyFile.map { (path) throws(SwarmNodeError) in try UnlockKeyFile.read(FilePath(path)) }
            let options = BackupRestore.Options(
                dataDirectory: FilePath(dataDir), addresses: ManagerRestoration.Addresses(listen: listenAddr, advertise: advertiseAddr),
                unlockKey: key, decryption: try BackupKeyText.decryption(identityFile: identityFile, passphraseFile: passphraseFile),
                rotateKeys: rotateKeys, force: force
            )
            let outcome = try await BackupRestore.run(FilePath(archive), options: options)
            print("restored cluster \(outcome.manifest.clusterID) at Raft index \(outcome.manifest.raftIndex) into \(dataDir)")
            if let aside = outcome.setAside { print("the directory's previous contents are in \(aside)") }
            if let key = outcome.newUnlockKey {
                print("the swarm's new unlock key (the old one no longer opens it; store it safely):")
                print(key.revealedText())
            }
            print("start swarmd with --data-dir \(dataDir) to serve it")
        } catch let error as BackupError {
            throw Self.exit(error)
        } catch let error as SwarmNodeError {
            throw Self.exit(.node(error))
        }
    }

    private static func exit(_ error: BackupError) -> ExitCode {
        FileHandle.standardError.write(Data("swarm-restore: \(error)\n".utf8))
        return ExitCode(error.exitStatus)
    }
}
