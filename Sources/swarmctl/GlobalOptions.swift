import ArgumentParser
import Foundation

/// Where swarmd's API socket is: `--host`, else `$SWARMD_HOST`, else `$DOCKER_HOST`, else the
/// default `/run/swarmd/swarmd.sock`.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("H"), .long], help: "swarmd's API socket (unix:///PATH).")
    var host: String?

    var client: APIClient {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            let text = host ?? environment["SWARMD_HOST"] ?? environment["DOCKER_HOST"] ?? "unix:///run/swarmd/swarmd.sock"
            let path = text.hasPrefix("unix://") ? String(text.dropFirst("unix://".count)) : text
            guard path.hasPrefix("/") else {
                throw SwarmctlError.usage("--host must be unix:///ABSOLUTE/PATH (swarmd serves its API on a unix socket), not \(text)")
            }
            return APIClient(socketPath: path)
        }
    }
}
