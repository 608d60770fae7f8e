import ArgumentParser
import SwarmVersion

/// `swarmctl`: swarmd's own command-line client over the Docker Engine API socket. Its
/// subcommands arrive with the control-plane issues; today it answers `--help` and `--version`.
@main
struct SwarmctlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarmctl",
        abstract: "Manage a swarmd cluster through a manager's API socket.",
        version: SwarmVersion.line(for: "swarmctl")
    )
}
