import Foundation
import Logging
import NIOCore
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import RaftTypes
import Synchronization

/// The client side towards one peer: a gRPC connection over mutual TLS (reconnecting on its
/// own), one long-lived message stream fed from an outbox, reopened after a pause if it
/// breaks, snapshot uploads beside it, and a probe about once a second that tells whether the
/// peer answers.
final class RaftPeer: Sendable {
    /// Appends beyond this many bytes go in the next batch: each gRPC message stays well under
    /// the 4 MiB the receiving side accepts.
    private static let batchByteLimit = 2 << 20
    private static let snapshotChunkByteCount = 1 << 20
    private static let reopenPause = Duration.milliseconds(50)
    private static let probeInterval = Duration.seconds(1)

    let member: RaftMemberID
    let address: TransportAddress
    private let client: GRPCClient<HTTP2ClientTransport.Posix>
    private let outbox = PeerOutbox()
    /// The task running the connection, and those making calls on it; nil before `start`.
    private let tasks = Mutex<(connections: Task<Void, Never>, calls: [Task<Void, Never>])?>(nil)
    /// Whether the latest probe was answered; nil before the first one ends.
    private let answeredLatestProbe = Mutex<Bool?>(nil)
    private let logger: Logger

    init(
        member: RaftMemberID, address: TransportAddress, identity: TransportIdentity, presented: PresentedCertificate, logger: Logger
    ) throws(RaftTransportError) {
        self.member = member
        self.logger = logger
        self.address = address
        do {
            var config = HTTP2ClientTransport.Posix.Config.defaults
            config.connection.flushCoalescing = nil
            let transport = try HTTP2ClientTransport.Posix(
                target: address.resolvableTarget,
                transportSecurity: identity.clientSecurity(presenting: presented),
                config: config
            )
            self.client = GRPCClient(transport: transport)
        } catch {
            throw .unknownPeer(member)
        }
    }

    func start() {
        let client = client
        let connections = Task { _ = try? await client.runConnections() }
        let calls = [Task { await self.sendUntilClosed() }, Task { await self.probeUntilClosed() }]
        tasks.withLock { $0 = (connections, calls) }
    }

    /// Whether the peer answered its latest probe (nil until the first probe ends).
    var isReachable: Bool? {
        answeredLatestProbe.withLock { $0 }
    }

    func send(_ messages: [Swarmd_Raft_V1_Message]) {
        outbox.add(messages)
    }

    func sendSnapshot(_ message: Swarmd_Raft_V1_Message, contents: [UInt8]) async throws(RaftTransportError) {
        let raft = Swarmd_Raft_V1_Raft.Client(wrapping: client)
        do {
            var options = CallOptions.defaults
            options.timeout = .seconds(120)
            _ = try await raft.installSnapshot(
                request: StreamingClientRequest { writer in
                    var offset = 0
                    repeat {
                        let end = min(offset + Self.snapshotChunkByteCount, contents.count)
                        var chunk = Swarmd_Raft_V1_SnapshotChunk()
                        if offset == 0 { chunk.message = message }
                        chunk.data = Data(contents[offset..<end])
                        chunk.last = end == contents.count
                        try await writer.write(chunk)
                        offset = end
                    } while offset < contents.count
                },
                options: options
            )
        } catch {
            throw .snapshotFailed(to: member, reason: "\(error)")
        }
    }

    /// Ends the calls, then closes the connection gracefully (cancelling it only if it has not
    /// closed within the transport's shutdown grace).
    func close() async {
        outbox.close()
        guard let (connections, calls) = tasks.withLock({ $0 }) else { return }
        for call in calls { call.cancel() }
        for call in calls { await call.value }
        client.beginGracefulShutdown()
        await connections.end(cancellingAfter: RaftTransport.shutdownGrace)
    }

    private func sendUntilClosed() async {
        let raft = Swarmd_Raft_V1_Raft.Client(wrapping: client)
        let outbox = outbox
        while !Task.isCancelled {
            do {
                _ = try await raft.stream(
                    request: StreamingClientRequest { writer in
                        while let messages = await outbox.next() {
                            for batch in Self.batches(messages) { try await writer.write(batch) }
                        }
                    }
                )
                // The producer ended: the outbox closed, or a cancellation reached it late.
                if outbox.isClosed { return }
            } catch {
                logger.debug("the Raft stream to a peer broke; reopening", metadata: ["member": "\(member)", "error": "\(error)"])
                try? await Task.sleep(for: Self.reopenPause)
            }
        }
    }

    private func probeUntilClosed() async {
        let raft = Swarmd_Raft_V1_Raft.Client(wrapping: client)
        var options = CallOptions.defaults
        options.timeout = Self.probeInterval
        while !Task.isCancelled {
            let answered = (try? await raft.probe(Swarmd_Raft_V1_ProbeRequest(), options: options)) != nil
            answeredLatestProbe.withLock { $0 = answered }
            try? await Task.sleep(for: Self.probeInterval)
        }
    }

    /// `messages` in order, split so that no batch carries much more than `batchByteLimit`.
    private static func batches(_ messages: [Swarmd_Raft_V1_Message]) -> [Swarmd_Raft_V1_MessageBatch] {
        var batches: [Swarmd_Raft_V1_MessageBatch] = []
        var current = Swarmd_Raft_V1_MessageBatch()
        var byteCount = 0
        for message in messages {
            let size = 64 + message.entries.reduce(0) { $0 + $1.data.count + 32 } + message.proposals.reduce(0) { $0 + $1.count + 8 }
            if byteCount + size > batchByteLimit, !current.messages.isEmpty {
                batches.append(current)
                current = Swarmd_Raft_V1_MessageBatch()
                byteCount = 0
            }
            current.messages.append(message)
            byteCount += size
        }
        if !current.messages.isEmpty { batches.append(current) }
        return batches
    }
}
