import ArgumentParser
import SwarmVersion

/// `swarm-backup`: hot and cold backups of a manager's state into an encrypted archive. The
/// backup itself arrives with the backup issue (#7); today it answers `--help` and `--version`.
@main
struct SwarmBackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm-backup",
        abstract: "Back up a swarmd manager's state into an encrypted archive.",
        version: SwarmVersion.line(for: "swarm-backup")
    )
}
