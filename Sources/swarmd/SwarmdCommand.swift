import ArgumentParser
import SwarmVersion

/// `swarmd`: the per-host daemon, and offline tools for its data (`swarmd storage inspect`).
@main
struct SwarmdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarmd",
        abstract: "Run the swarmd node daemon: Docker Swarm mode as a storage-centric appliance.",
        discussion: """
            One swarmd runs per host. It serves the Docker Engine API on a unix socket; \
            'docker swarm init' or 'docker swarm join' make it a manager or a worker.
            """,
        version: SwarmVersion.line(for: "swarmd"),
        subcommands: [RunCommand.self, StorageCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
