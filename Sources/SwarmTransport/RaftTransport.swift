public import Logging
public import RaftCore
public import RaftTypes
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Synchronization

/// Raft messages between managers over gRPC with mutual TLS: a server on `listenAddress` that
/// accepts manager certificates of the cluster only, and a connection per peer. Sending never
/// blocks and may drop messages to unreachable peers (Raft retransmits); snapshots stream in
/// 1 MiB chunks. gRPC messages above 4 MiB are refused.
public final class RaftTransport: Sendable {
    /// The address the server listens on (the real port when 0 was asked for).
    public let listenAddress: TransportAddress
    private let identity: Mutex<TransportIdentity>
    private let presented: PresentedCertificate
    private let receiver: ReceiverSlot
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let serverTask: Task<Void, Never>
    private let shutdownSignal: ShutdownSignal
    private let peers = Mutex<[RaftMemberID: RaftPeer]>([:])
    private let logger: Logger

    /// Starts listening on `address` for peers of cluster `clusterID`; a manager's address also
    /// serves the CA's join calls and the dispatcher (`services`).
    public static func listen(
        on address: TransportAddress,
        identity: TransportIdentity,
        clusterID: String,
        services managerServices: ManagerServices? = nil,
        logger: Logger = Logger(label: "swarmd.transport")
    ) async throws(RaftTransportError) -> RaftTransport {
        let receiver = ReceiverSlot()
        let shutdownSignal = ShutdownSignal()
        let presented = try PresentedCertificate(identity)
        let serverTransport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: address.host, port: address.port),
            transportSecurity: identity.serverSecurity(presenting: presented)
        )
        var services: [any RegistrableRPCService] = [RaftService(clusterID: clusterID, receiver: receiver, shutdown: shutdownSignal)]
        if let managerServices {
            services.append(NodeCAService(clusterID: clusterID, issuer: managerServices.issuer))
            services.append(
                DispatcherService(clusterID: clusterID, receiver: managerServices.heartbeats, tasks: managerServices.tasks, shutdown: shutdownSignal)
            )
            services.append(LogBrokerService(clusterID: clusterID, broker: managerServices.logs, shutdown: shutdownSignal))
        }
        let server = GRPCServer(transport: serverTransport, services: services)
        let serverTask = Task {
            do {
                try await server.serve()
            } catch where !Task.isCancelled {
                logger.error("the Raft transport's server stopped", metadata: ["error": "\(error)"])
            } catch {}
        }
        guard let bound = try? await serverTransport.listeningAddress, let ipv4 = bound.ipv4 else {
            serverTask.cancel()
            throw .listen(address: "\(address)", reason: "the address could not be bound")
        }
        return RaftTransport(
            listenAddress: TransportAddress(host: ipv4.host, port: ipv4.port), identity: identity, presented: presented, receiver: receiver,
            server: server, serverTask: serverTask, shutdownSignal: shutdownSignal, logger: logger
        )
    }

    private init(
        listenAddress: TransportAddress, identity: TransportIdentity, presented: PresentedCertificate, receiver: ReceiverSlot,
        server: GRPCServer<HTTP2ServerTransport.Posix>, serverTask: Task<Void, Never>, shutdownSignal: ShutdownSignal, logger: Logger
    ) {
        self.listenAddress = listenAddress
        self.identity = Mutex(identity)
        self.presented = presented
        self.receiver = receiver
        self.server = server
        self.serverTask = serverTask
        self.shutdownSignal = shutdownSignal
        self.logger = logger
    }

    /// The identity this node presents now.
    public var currentIdentity: TransportIdentity {
        identity.withLock { $0 }
    }

    /// Presents `renewed` (the same node's new certificate and key, under the same root) from
    /// the next handshake on, server and client side.
    public func renewIdentity(_ renewed: TransportIdentity) throws(RaftTransportError) {
        try presented.replace(with: renewed)
        identity.withLock { $0 = renewed }
    }

    /// Where received messages go from now on.
    public func attach(_ receiver: any RaftMessageReceiver) {
        self.receiver.attach(receiver)
    }

    /// Sets (or changes) the address of `member`.
    public func setPeer(_ member: RaftMemberID, address: TransportAddress) throws(RaftTransportError) {
        let peer = try RaftPeer(member: member, address: address, identity: currentIdentity, presented: presented, logger: logger)
        let replaced = peers.withLock { peers in
            defer { peers[member] = peer }
            return peers[member]
        }
        peer.start()
        if let replaced { Task { await replaced.close() } }
    }

    /// Forgets `member` (removed from the group) and closes its connection.
    public func removePeer(_ member: RaftMemberID) async {
        await peers.withLock { $0.removeValue(forKey: member) }?.close()
    }

    /// Whether each known peer answered its latest probe (peers not probed yet are absent).
    public func reachability() -> [RaftMemberID: Bool] {
        peers.withLock { $0 }.compactMapValues(\.isReachable)
    }

    /// The peers this transport has an address for.
    public var knownPeers: Set<RaftMemberID> {
        Set(peers.withLock { $0.keys })
    }

    /// Queues `messages` to their addressees; messages to unknown members are dropped.
    public func send(_ messages: [RaftMessage]) {
        var byPeer: [RaftMemberID: [Swarmd_Raft_V1_Message]] = [:]
        for message in messages { byPeer[message.to, default: []].append(Swarmd_Raft_V1_Message(message)) }
        let peers = peers.withLock { $0 }
        for (member, messages) in byPeer {
            guard let peer = peers[member] else {
                logger.debug("dropping Raft messages to a member with no known address", metadata: ["member": "\(member)"])
                continue
            }
            peer.send(messages)
        }
    }

    /// Streams a snapshot (`message` announces it) to its addressee; returns once received.
    public func sendSnapshot(_ message: RaftMessage, contents: [UInt8]) async throws(RaftTransportError) {
        guard let peer = peers.withLock({ $0[message.to] }) else { throw .unknownPeer(message.to) }
        try await peer.sendSnapshot(Swarmd_Raft_V1_Message(message), contents: contents)
    }

    /// Closes every connection and stops the server. The calls peers keep open (Raft streams,
    /// heartbeat sessions) are ended, the server stops gracefully, and only what has not ended
    /// within `shutdownGrace` is cancelled.
    public func shutdown() async {
        let all = peers.withLock { peers in
            defer { peers = [:] }
            return Array(peers.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for peer in all { group.addTask { await peer.close() } }
        }
        shutdownSignal.raise()
        server.beginGracefulShutdown()
        await serverTask.end(cancellingAfter: Self.shutdownGrace)
    }

    /// How long connections and calls get to end by themselves when the transport stops.
    static let shutdownGrace = Duration.seconds(5)
}
