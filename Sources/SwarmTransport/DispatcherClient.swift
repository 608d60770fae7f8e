import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Synchronization

/// A node's connection to a manager's dispatcher, with its own certificate. A dead manager or a
/// silent network is noticed by the heartbeats themselves: an answer missing for a period plus
/// `answerGrace` ends the session. (No HTTP/2 keepalive pings: at thousands of nodes they would
/// cost the leader half as many wake-ups again as the heartbeats.)
public final class DispatcherClient: Sendable {
    /// How long past the period an answer may be late before the manager counts as gone: a
    /// manager slowed down by a burst of joins keeps its sessions rather than facing them all
    /// again at once, and a hung one is left within 15 s at the default period, as long as the
    /// swarm takes to mark a silent node down.
    static let answerGrace = Duration.seconds(10)
    /// How long a new session may take to connect (TCP, TLS, HTTP/2) and bring the first answer:
    /// longer than the grace, as thousands of nodes reconnecting at once make handshakes queue.
    static let firstAnswerAllowance = Duration.seconds(30)
    /// The pause between the first heartbeat and the second, before any answer set the period.
    static let firstPeriod = Duration.milliseconds(100)

    let client: GRPCClient<HTTP2ClientTransport.Posix>
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

    /// Runs a heartbeat session: a heartbeat now, the next whenever the latest answer's period is
    /// over. `onAnswer` sees each answer and says whether to go on.
    ///
    /// - Returns: the answer after which `onAnswer` stopped (a redirect to the leader, say), or
    ///   nil when the manager ended the session.
    /// - Throws: when the manager refuses (unknown node, no leader), cannot be reached or goes
    ///   silent (`ManagerSilence`).
    public func session(onAnswer: @escaping @Sendable (HeartbeatAnswer) async -> Bool) async throws -> HeartbeatAnswer? {
        let latest = LatestAnswer()
        return try await withThrowingTaskGroup(of: HeartbeatAnswer?.self) { group in
            group.addTask { try await self.heartbeats(latest: latest, onAnswer: onAnswer) }
            group.addTask { try await latest.waitForSilence() }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// The session's stream: heartbeats out, answers in.
    private func heartbeats(latest: LatestAnswer, onAnswer: @escaping @Sendable (HeartbeatAnswer) async -> Bool) async throws -> HeartbeatAnswer? {
        try await Swarmd_Dispatcher_V1_Dispatcher.Client(wrapping: client).session(
            requestProducer: { writer in
                while !Task.isCancelled {
                    try await writer.write(Swarmd_Dispatcher_V1_HeartbeatRequest())
                    try await Task.sleep(for: latest.period)
                }
            },
            onResponse: { response in
                for try await message in response.messages {
                    let answer = HeartbeatAnswer(message)
                    latest.record(answer)
                    guard await onAnswer(answer) else { return answer }
                }
                return nil
            }
        )
    }

    /// Closes the connection and waits until it is closed.
    public func close() async {
        client.beginGracefulShutdown()
        await connections.value
    }

    /// Starts closing the connection and returns at once: after a failed session, waiting would
    /// hold the node for TLS's shutdown timeout on a manager that does not answer.
    public func abandon() {
        client.beginGracefulShutdown()
    }
}

/// When a session's manager last answered, and the period it set.
private final class LatestAnswer: Sendable {
    private let started = ContinuousClock.now
    private let state = Mutex((period: DispatcherClient.firstPeriod, answeredAt: ContinuousClock.Instant?.none))

    var period: Duration { state.withLock { $0.period } }

    func record(_ answer: HeartbeatAnswer) {
        state.withLock { $0 = (answer.period, ContinuousClock.now) }
    }

    /// Returns never: throws `ManagerSilence` once no answer came for a period plus the grace,
    /// or none within `firstAnswerAllowance` of the start (or `CancellationError` when the
    /// session ends first).
    func waitForSilence() async throws -> HeartbeatAnswer? {
        while true {
            let (period, answeredAt) = state.withLock { $0 }
            let deadline = answeredAt.map { $0 + period + DispatcherClient.answerGrace } ?? started + DispatcherClient.firstAnswerAllowance
            let now = ContinuousClock.now
            if deadline <= now { throw ManagerSilence(silence: now - (answeredAt ?? started)) }
            // Until the first answer, look again every second: that answer brings the deadline closer.
            try await Task.sleep(until: answeredAt == nil ? min(deadline, now + .seconds(1)) : deadline)
        }
    }
}

/// A manager left heartbeats unanswered for longer than a period plus the grace: it is dead,
/// stopped or cut off, and the node should try another.
public struct ManagerSilence: Error, CustomStringConvertible {
    public let silence: Duration

    public var description: String {
        "the manager answered no heartbeat for \(silence.components.seconds) s; it may be down or unreachable"
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
