import ArgumentParser
import SwarmAPIClient
import SwarmVersion

/// `swarmctl`: swarmd's own command-line client over the Docker Engine API socket, for hosts
/// without the docker CLI: the same swarm, node, secret and config operations.
@main
struct SwarmctlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarmctl",
        abstract: "Manage a swarmd cluster through a manager's API socket.",
        version: SwarmVersion.line(for: "swarmctl"),
        subcommands: [SwarmCommand.self, NodeCommand.self, SecretCommand.self, ConfigCommand.self, InfoCommand.self]
    )
}

/// `swarmctl info`: the node's place in its swarm.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show this node's swarm state.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let info = try await global.client.object("/info")
        let swarm = info["Swarm"] as? [String: Any] ?? [:]
        print("Name: \(info["Name"] ?? "")")
        print("Server version: \(info["ServerVersion"] ?? "")")
        print("Swarm: \(swarm["LocalNodeState"] ?? "")")
        for (label, key) in [("Node ID", "NodeID"), ("Node address", "NodeAddr"), ("Is manager", "ControlAvailable"), ("Managers", "Managers"), ("Nodes", "Nodes")] {
            if let value = swarm[key] { print("  \(label): \(value)") }
        }
    }
}
