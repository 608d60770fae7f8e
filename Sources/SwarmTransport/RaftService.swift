import GRPCCore
import RaftCore
import Synchronization

/// The server side of the Raft transport: takes message streams and snapshots from peers whose
/// certificate says they are managers of this cluster, and hands them to the receiver.
struct RaftService: Swarmd_Raft_V1_Raft.SimpleServiceProtocol {
    let clusterID: String
    let receiver: ReceiverSlot
    let shutdown: ShutdownSignal
    /// Snapshots larger than this are refused (a node's state far beyond any real cluster).
    static let maximumSnapshotByteCount = 4 << 30

    func stream(
        request: RPCAsyncSequence<Swarmd_Raft_V1_MessageBatch, any Error>,
        context: ServerContext
    ) async throws -> Swarmd_Raft_V1_StreamSummary {
        try authorize(context)
        let receiver = receiver
        return try await shutdown.endingAtShutdown {
            var received: UInt64 = 0
            for try await batch in request {
                let messages = try batch.messages.map { (message) throws(RaftTransportError) in try message.raftMessage() }
                receiver.deliver(messages)
                received += UInt64(messages.count)
            }
            var summary = Swarmd_Raft_V1_StreamSummary()
            summary.received = received
            return summary
        }
    }

    func installSnapshot(
        request: RPCAsyncSequence<Swarmd_Raft_V1_SnapshotChunk, any Error>,
        context: ServerContext
    ) async throws -> Swarmd_Raft_V1_SnapshotReceipt {
        try authorize(context)
        var message: RaftMessage?
        var contents: [UInt8] = []
        var isComplete = false
        for try await chunk in request where !isComplete {
            if message == nil {
                guard chunk.hasMessage, case .snapshot = try chunk.message.raftMessage().body else {
                    throw RPCError(code: .invalidArgument, message: "a snapshot stream must start with its snapshot message")
                }
                message = try chunk.message.raftMessage()
            }
            guard contents.count + chunk.data.count <= Self.maximumSnapshotByteCount else {
                throw RPCError(code: .resourceExhausted, message: "snapshot larger than \(Self.maximumSnapshotByteCount) bytes")
            }
            contents.append(contentsOf: chunk.data)
            isComplete = chunk.last
        }
        guard let message, isComplete else {
            throw RPCError(code: .invalidArgument, message: "the snapshot stream ended before its last chunk")
        }
        receiver.deliverSnapshot(message, contents: contents)
        var receipt = Swarmd_Raft_V1_SnapshotReceipt()
        receipt.receivedBytes = UInt64(contents.count)
        return receipt
    }

    func probe(request: Swarmd_Raft_V1_ProbeRequest, context: ServerContext) async throws -> Swarmd_Raft_V1_ProbeReply {
        try authorize(context)
        return Swarmd_Raft_V1_ProbeReply()
    }

    /// Raft is for managers of this cluster only: a worker's certificate, or one of another
    /// cluster, is refused.
    private func authorize(_ context: ServerContext) throws {
        _ = try PeerCertificate.authorize(context, clusterID: clusterID, roles: [.manager], service: "Raft")
    }
}

/// The receiver messages go to, attached once the node exists; until then they are dropped
/// (Raft resends).
final class ReceiverSlot: Sendable {
    private let receiver = Mutex<(any RaftMessageReceiver)?>(nil)

    func attach(_ receiver: any RaftMessageReceiver) {
        self.receiver.withLock { $0 = receiver }
    }

    func deliver(_ messages: [RaftMessage]) {
        receiver.withLock { $0 }?.receive(messages)
    }

    func deliverSnapshot(_ message: RaftMessage, contents: [UInt8]) {
        receiver.withLock { $0 }?.receiveSnapshot(message, contents: contents)
    }
}
