import ArgumentParser
import DockerAPI
import Foundation
import Hummingbird
import Logging
import SwarmNode
import SwarmVersion
import SystemPackage

/// `swarmd run` (the default): the daemon. Serves the Docker Engine API on a unix socket and,
/// once the node is in a swarm, runs its manager.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the node daemon (the default)."
    )

    @Option(help: "The data directory.")
    var dataDir = "/var/lib/swarmd"

    @Option(help: "The Docker API socket, as unix:///PATH or PATH.")
    var host = "unix:///run/swarmd/swarmd.sock"

    @Option(help: "The node's name (default: the host name).")
    var hostname: String?

    @Option(help: "IP:PORT for swarm management traffic when 'swarm init/join' leaves the default (0.0.0.0:2377).")
    var listenAddr: String?

    @Option(help: "The address other nodes reach this one at when 'swarm init/join' names none.")
    var advertiseAddr: String?

    @Option(help: "A file holding the unlock key of this autolocked manager, to unlock it at start without a person.")
    var unlockKeyFile: String?

    @Flag(
        help: "Make this manager, whose swarm lost its quorum for good, the swarm's only manager, keeping all its state (at --listen-addr/--advertise-addr if given); an autolocked manager does it once unlocked."
    )
    var forceNewCluster = false

    @Option(help: "http(s)://HOST[:PORT] of a registry that serves Docker Hub's images (short names like busybox pull from it).")
    var registryMirror: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "swarmd")
        let socket = try Self.socketPath(host)
        logger.info("swarmd starting", metadata: ["swarmd.version": "\(SwarmVersion.current)", "socket": "\(socket)"])
        let node = try await SwarmNode.start(
            configuration: NodeConfiguration(
                dataDirectory: FilePath(dataDir), socketPath: socket, hostname: hostname ?? ProcessInfo.processInfo.hostName,
                listenAddress: listenAddr, advertiseAddress: advertiseAddr, unlockKeyFiles: unlockKeyFiles(),
                forceNewCluster: forceNewCluster, registryMirror: registryMirror
            ),
            logger: logger
        )
        let hangups = HangupSignal.renewCertificates(of: node, logger: logger)
        defer { hangups.cancel() }
        try DockerAPISocket.prepare(socket)
        let application = Application(
            responder: DockerAPIServer.responder(backend: node),
            configuration: ApplicationConfiguration(address: .unixDomainSocket(path: socket.string), serverName: nil),
            onServerRunning: { _ in
                DockerAPISocket.restrict(socket, logger: logger)
                logger.info("serving the Docker API", metadata: ["socket": "\(socket)"])
            },
            logger: logger
        )
        try await application.runService()
        await node.shutdown()
        logger.info("swarmd stopped")
    }

    /// `--unlock-key-file`, then systemd's credential `unlock-key` (`LoadCredential=` in the unit).
    private func unlockKeyFiles() -> [FilePath] {
        let credential = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"].map { FilePath($0).appending("unlock-key") }
        return [unlockKeyFile.map { FilePath($0) }, credential].compactMap { $0 }
    }

    /// `unix:///run/swarmd/swarmd.sock` or a plain path.
    static func socketPath(_ host: String) throws -> FilePath {
        let path = host.hasPrefix("unix://") ? String(host.dropFirst("unix://".count)) : host
        guard path.hasPrefix("/") else {
            throw ValidationError("--host must be unix:///ABSOLUTE/PATH (swarmd serves the Docker API on a unix socket only)")
        }
        return FilePath(path)
    }
}
