import ArgumentParser
import SwarmAPIClient

/// Where swarmd's API socket is: `--host`, else `$SWARMD_HOST`, else `$DOCKER_HOST`, else the
/// default `/run/swarmd/swarmd.sock`.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("H"), .long], help: "swarmd's API socket (unix:///PATH).")
    var host: String?

    var client: APIClient {
        get throws { try APIClient(host: host) }
    }
}
