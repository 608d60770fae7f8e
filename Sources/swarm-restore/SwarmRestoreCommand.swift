import ArgumentParser
import SwarmVersion

/// `swarm-restore`: restores a manager from a `swarm-backup` archive, on this host or another.
/// The restore itself arrives with the backup issue (#7); today it answers `--help` and
/// `--version`.
@main
struct SwarmRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm-restore",
        abstract: "Restore a swarmd manager from a swarm-backup archive.",
        version: SwarmVersion.line(for: "swarm-restore")
    )
}
