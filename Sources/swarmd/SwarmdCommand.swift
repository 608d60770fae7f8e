import ArgumentParser
import Logging
import SwarmVersion

/// `swarmd`: the per-host daemon. This build has no node runtime yet (storage, Raft and the
/// control plane arrive with issues #4–#6), so it announces itself and refuses to start rather
/// than pretend to serve.
@main
struct SwarmdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarmd",
        abstract: "Run the swarmd node daemon: Docker Swarm mode as a storage-centric appliance.",
        discussion: """
            One swarmd runs per host. It serves the Docker Engine API on a unix socket; \
            'docker swarm init' or 'docker swarm join' make it a manager or a worker.
            """,
        version: SwarmVersion.line(for: "swarmd")
    )

    /// EX_UNAVAILABLE from sysexits.h: the service this command provides is not available.
    private static let nodeRuntimeUnavailable = ExitCode(69)

    func run() throws {
        let logger = Logger(label: "swarmd")
        logger.info("swarmd starting", metadata: ["swarmd.version": "\(SwarmVersion.current)"])
        logger.error(
            "this build cannot run a node yet: the encrypted storage and Raft are not part of it; use a later release"
        )
        throw Self.nodeRuntimeUnavailable
    }
}
