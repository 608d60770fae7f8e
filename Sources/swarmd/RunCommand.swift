import ArgumentParser
import Logging
import SwarmVersion

/// `swarmd run` (the default): the daemon. This build has no node runtime yet (Raft and the
/// control plane arrive with issues #5 and #6), so it announces itself and refuses to start
/// rather than pretend to serve.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the node daemon (the default)."
    )

    /// EX_UNAVAILABLE from sysexits.h: the service this command provides is not available.
    private static let nodeRuntimeUnavailable = ExitCode(69)

    func run() throws {
        let logger = Logger(label: "swarmd")
        logger.info("swarmd starting", metadata: ["swarmd.version": "\(SwarmVersion.current)"])
        logger.error("this build cannot run a node yet: Raft and the control plane are not part of it; use a later release")
        throw Self.nodeRuntimeUnavailable
    }
}
