import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Synchronization

/// A manager's reports to the leader of the nodes it heard from, over one connection to the
/// leader's address, kept open between reports and replaced when the leader moves.
public final class HeardReporter: Sendable {
    private struct Connection {
        let address: TransportAddress
        let client: GRPCClient<HTTP2ClientTransport.Posix>
        let running: Task<Void, Never>
    }

    private let identity: @Sendable () -> TransportIdentity
    private let connection = Mutex<Connection?>(nil)

    /// Reports present `identity()`, the manager's current certificate.
    public init(identity: @escaping @Sendable () -> TransportIdentity) {
        self.identity = identity
    }

    /// Tells the leader at `address` that `nodeIDs` were heard from.
    public func report(_ nodeIDs: [String], to address: TransportAddress) async throws {
        var request = Swarmd_Dispatcher_V1_HeardNodes()
        request.nodeIds = nodeIDs
        var options = CallOptions.defaults
        options.timeout = .seconds(2)
        _ = try await Swarmd_Dispatcher_V1_Dispatcher.Client(wrapping: try client(for: address)).reportHeard(request, options: options)
    }

    public func close() async {
        guard let old = connection.withLock({ $0.take() }) else { return }
        old.client.beginGracefulShutdown()
        await old.running.value
    }

    private func client(for address: TransportAddress) throws -> GRPCClient<HTTP2ClientTransport.Posix> {
        let (client, replaced) = try connection.withLock { current throws -> (GRPCClient<HTTP2ClientTransport.Posix>, Connection?) in
            if let current, current.address == address { return (current.client, nil) }
            let transport = try HTTP2ClientTransport.Posix(target: address.resolvableTarget, transportSecurity: identity().clientSecurity())
            let client = GRPCClient(transport: transport)
            let replaced = current
            current = Connection(address: address, client: client, running: Task { try? await client.runConnections() })
            return (client, replaced)
        }
        replaced?.client.beginGracefulShutdown()
        return client
    }
}
