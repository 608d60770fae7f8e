public import RaftNode

/// The store's way into a `RaftNode`: its proposals and read barriers, with Raft's errors
/// turned into what an API caller needs to know.
public struct RaftProposer: Proposer {
    public let node: RaftNode

    public init(node: RaftNode) {
        self.node = node
    }

    public func propose(_ command: [UInt8]) async throws(ReplicationError) -> [UInt8] {
        do {
            return try await node.propose(command)
        } catch {
            throw ReplicationError(error)
        }
    }

    public func readBarrier() async throws(ReplicationError) {
        do {
            try await node.readBarrier()
        } catch {
            throw ReplicationError(error)
        }
    }
}

extension ReplicationError {
    init(_ error: RaftNodeError) {
        switch error {
        case .refused: self = .noLeader
        case .timedOut, .leaderChanged, .superseded: self = .unknownOutcome
        case .commandTooLarge(let byteCount, let limit): self = .tooLarge(byteCount: byteCount, limit: limit)
        case .stopped, .storage, .unreadableEntry, .badSnapshot: self = .stopped("\(error)")
        }
    }
}
