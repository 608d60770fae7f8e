import ArgumentParser
import SwarmBackup
import SystemPackage

/// `swarm-backup keygen`: a key pair to encrypt backups to, so that the host taking them cannot
/// read them back.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a backup identity; print the recipient key to encrypt backups to.",
        discussion: """
            Writes the identity (the private key) to --identity-file, mode 0600, never over an \
            existing file, and prints the recipient key (SWMBAK-PUB-1-…) for --encrypt-to. Keep \
            the identity off the hosts that take backups: it is what opens them.
            """
    )

    @Option(help: "Where to write the new identity.")
    var identityFile: String

    func run() throws {
        do {
            print(BackupKeyText.text(of: try BackupKeyText.generateIdentity(at: FilePath(identityFile))))
        } catch {
            throw BackupExitCode.report(error)
        }
    }
}
