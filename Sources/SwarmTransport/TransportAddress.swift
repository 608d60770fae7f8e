import GRPCNIOTransportHTTP2Posix
import NIOCore

/// Where a node listens for, or reaches, other nodes: an IPv4 address or host name and a port.
public struct TransportAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, or nil when it is not one.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port),
            colon > text.startIndex
        else { return nil }
        self.init(host: String(text[..<colon]), port: port)
    }

    public var description: String { "\(host):\(port)" }
}

extension TransportAddress {
    /// The gRPC target for this address: an IP literal must not become the TLS server name
    /// (SNI forbids it), so literals are IP targets and only names are DNS targets.
    var resolvableTarget: any ResolvableTarget {
        switch try? NIOCore.SocketAddress(ipAddress: host, port: port) {
        case .v4?: .ipv4(host: host, port: port)
        case .v6?: .ipv6(host: host, port: port)
        default: .dns(host: host, port: port)
        }
    }
}
