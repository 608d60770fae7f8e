import DockerAPI
import SwarmManager

/// The listen and advertise addresses of a node founding or joining a swarm, from the request
/// and the daemon's flags, as Docker chooses them.
struct SwarmAddresses {
    let listen: String
    let advertise: String

    init(requestedListen: String, requestedAdvertise: String, configuration: NodeConfiguration) throws(ControlError) {
        try self.init(
            requestedListen: requestedListen, requestedAdvertise: requestedAdvertise, configuredListen: configuration.listenAddress,
            configuredAdvertise: configuration.advertiseAddress
        )
    }

    /// The addresses a request names, else the configured ones (the daemon's flags, or the
    /// node's current addresses when a restore or force-new-cluster moves it).
    init(requestedListen: String, requestedAdvertise: String, configuredListen: String?, configuredAdvertise: String?) throws(ControlError) {
        var listen = requestedListen.isEmpty ? NodeConfiguration.cliDefaultListenAddress : requestedListen
        if listen == NodeConfiguration.cliDefaultListenAddress, let configured = configuredListen {
            listen = configured
        }
        guard let (listenHost, listenPort) = Self.split(listen), let port = listenPort else {
            throw ControlError(.invalidArgument, "invalid listen address \(listen.prefix(80)): use IP:PORT, for example 0.0.0.0:2377")
        }
        var advertise = requestedAdvertise.isEmpty ? (configuredAdvertise ?? "") : requestedAdvertise
        if advertise.isEmpty {
            guard listenHost != "0.0.0.0" else {
                throw ControlError(
                    .invalidArgument,
                    "could not choose an IP address to advertise since this system has multiple addresses - specify one with --advertise-addr"
                )
            }
            advertise = listenHost
        }
        guard let (advertiseHost, advertisePort) = Self.split(advertise), !advertiseHost.isEmpty, advertiseHost != "0.0.0.0" else {
            throw ControlError(.invalidArgument, "invalid advertise address \(advertise.prefix(80)): use an IP address, optionally with :PORT")
        }
        self.listen = "\(listenHost):\(port)"
        self.advertise = "\(advertiseHost):\(advertisePort ?? port)"
    }

    /// `host[:port]` into its parts (the port nil when absent); nil when the port is not a port.
    static func split(_ address: String) -> (String, Int?)? {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (address, nil)
        case 2:
            guard let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
            return (String(parts[0]), port)
        default: return nil
        }
    }
}
