import SwarmTransport

extension RaftTransport {
    /// The address this node reaches its own transport at: the listen address, with a wildcard
    /// host (`0.0.0.0`) replaced by loopback.
    var localDialAddress: TransportAddress {
        TransportAddress(host: listenAddress.host == "0.0.0.0" ? "127.0.0.1" : listenAddress.host, port: listenAddress.port)
    }
}
