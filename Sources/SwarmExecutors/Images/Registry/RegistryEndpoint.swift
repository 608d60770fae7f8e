/// Where one registry's HTTP API v2 is served: scheme, host and port.
public struct RegistryEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// Plain HTTP only for loopback registries, as Docker treats 127.0.0.0/8 as insecure.
    public enum Scheme: String, Sendable {
        case http, https
    }

    public let scheme: Scheme
    /// The host as written in a URL: a name, an IPv4 address, or an IPv6 address in brackets.
    public let host: String
    /// The port, when not the scheme's default.
    public let port: Int?

    public init(scheme: Scheme, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// The endpoint of a registry a reference names by its domain (`host[:port]`): plain HTTP on
    /// loopback (`localhost`, 127.0.0.0/8, `[::1]`), HTTPS elsewhere.
    init(domain: String) {
        var host = Substring(domain)
        var port: Int?
        if let colon = host.lastIndex(of: ":"), !host[colon...].contains("]"), let number = Int(host[host.index(after: colon)...]) {
            port = number
            host = host[..<colon]
        }
        self.init(scheme: Self.isLoopback(host) ? .http : .https, host: String(host), port: port)
    }

    /// `host[:port]`, as the docker CLI names a registry.
    public var authority: String {
        host + (port.map { ":\($0)" } ?? "")
    }

    /// The base URL, e.g. `http://127.0.0.1:5055`.
    public var description: String {
        "\(scheme.rawValue)://\(authority)"
    }

    /// The URL of `path` (which starts with `/v2/`) on this registry.
    func url(_ path: String) -> String {
        description + path
    }

    private static func isLoopback(_ host: Substring) -> Bool {
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
