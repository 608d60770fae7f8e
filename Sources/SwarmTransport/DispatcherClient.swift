import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Synchronization

/// A node's connection to a manager's dispatcher, with its own certificate. A dead manager or a
/// silent network is noticed by HTTP/2 keepalive pings within `keepalive` plus its timeout.
public final class DispatcherClient: Sendable {
    /// How long the connection may be idle before a ping, and how long a ping may go unanswered.
    static let keepalive = (interval: Duration.seconds(10), timeout: Duration.seconds(5))
    /// The pause between the first heartbeat and the second, before any answer set the period.
    static let firstPeriod = Duration.milliseconds(100)

    private let client: GRPCClient<HTTP2ClientTransport.Posix>
    private let connections: Task<Void, Never>

    public init(manager: TransportAddress, identity: TransportIdentity) throws(RaftTransportError) {
        do {
            var config = HTTP2ClientTransport.Posix.Config.defaults
            config.connection.keepalive = .init(time: Self.keepalive.interval, timeout: Self.keepalive.timeout, allowWithoutCalls: true)
            let transport = try HTTP2ClientTransport.Posix(
                target: manager.resolvableTarget, transportSecurity: identity.clientSecurity(), config: config
            )
            client = GRPCClient(transport: transport)
        } catch {
            throw .listen(address: "\(manager)", reason: "cannot connect to the dispatcher: \(error)")
        }
        let client = client
        connections = Task { try? await client.runConnections() }
    }

    /// Runs a heartbeat session: a heartbeat now, the next whenever the latest answer's period is
    /// over. `onAnswer` sees each answer and says whether to go on.
    ///
    /// - Returns: the answer after which `onAnswer` stopped (a redirect to the leader, say), or
    ///   nil when the manager ended the session.
    /// - Throws: when the manager refuses (unknown node, no leader) or cannot be reached.
    public func session(onAnswer: @escaping @Sendable (HeartbeatAnswer) async -> Bool) async throws -> HeartbeatAnswer? {
        let period = Mutex(Self.firstPeriod)
        return try await Swarmd_Dispatcher_V1_Dispatcher.Client(wrapping: client).session(
            requestProducer: { writer in
                while !Task.isCancelled {
                    try await writer.write(Swarmd_Dispatcher_V1_HeartbeatRequest())
                    try await Task.sleep(for: period.withLock { $0 })
                }
            },
            onResponse: { response in
                for try await message in response.messages {
                    let answer = HeartbeatAnswer(message)
                    period.withLock { $0 = answer.period }
                    guard await onAnswer(answer) else { return answer }
                }
                return nil
            }
        )
    }

    public func close() async {
        client.beginGracefulShutdown()
        await connections.value
    }
}

extension HeartbeatAnswer {
    init(_ message: Swarmd_Dispatcher_V1_HeartbeatResponse) {
        self.init(
            period: .milliseconds(Int64(clamping: message.periodMilliseconds)),
            leaderAddress: message.leaderAddress.isEmpty ? nil : message.leaderAddress,
            managerAddresses: message.managerAddresses,
            desiredRole: TransportRole(rawValue: message.desiredRole) ?? .worker
        )
    }
}
