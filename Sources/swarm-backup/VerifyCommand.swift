import ArgumentParser
import SwarmBackup
import SwarmNode
import SystemPackage

/// `swarm-backup verify FILE`: reads the whole archive and checks every byte.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that an archive is a whole, undamaged swarmd backup.",
        discussion: "Exit code 0: it is; 2: it is damaged or not a backup (the message names what); 1: it cannot be read."
    )

    @Argument(help: "The archive.")
    var archive: String

    @OptionGroup var keys: ArchiveKeyOptions

    func run() throws {
        do {
            let manifest = try BackupArchive.verify(FilePath(archive), decryption: try keys.decryption())
            print("\(archive): OK, Raft index \(manifest.raftIndex) of cluster \(manifest.clusterID)")
        } catch {
            throw BackupExitCode.report(error)
        }
    }
}
