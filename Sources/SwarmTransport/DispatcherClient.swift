import GRPCCore
import GRPCNIOTransportHTTP2Posix

/// A node's connection to a manager's dispatcher, with its own certificate.
public final class DispatcherClient: Sendable {
    private let client: GRPCClient<HTTP2ClientTransport.Posix>
    private let connections: Task<Void, Never>

    public init(manager: TransportAddress, identity: TransportIdentity) throws(RaftTransportError) {
        do {
            let transport = try HTTP2ClientTransport.Posix(target: manager.resolvableTarget, transportSecurity: identity.clientSecurity())
            client = GRPCClient(transport: transport)
        } catch {
            throw .listen(address: "\(manager)", reason: "cannot connect to the dispatcher: \(error)")
        }
        let client = client
        connections = Task { try? await client.runConnections() }
    }

    /// Sends one heartbeat; returns the manager's answer.
    public func heartbeat(timeout: Duration) async throws -> HeartbeatAnswer {
        var options = CallOptions.defaults
        options.timeout = timeout
        let response = try await Swarmd_Dispatcher_V1_Dispatcher.Client(wrapping: client).heartbeat(
            Swarmd_Dispatcher_V1_HeartbeatRequest(), options: options
        )
        return HeartbeatAnswer(
            period: .milliseconds(Int64(clamping: response.periodMilliseconds)),
            leaderAddress: response.leaderAddress.isEmpty ? nil : response.leaderAddress,
            managerAddresses: response.managerAddresses,
            desiredRole: TransportRole(rawValue: response.desiredRole) ?? .worker
        )
    }

    public func close() async {
        client.beginGracefulShutdown()
        await connections.value
    }
}
