/// How the store reaches Raft: propose a command and get the reply it was applied with, or
/// wait until the local state has every write committed before the call. `RaftNode` is one.
public protocol Proposer: Sendable {
    func propose(_ command: [UInt8]) async throws(ReplicationError) -> [UInt8]
    func readBarrier() async throws(ReplicationError)
}

/// Why a write or a linearizable read did not complete, in the words an operator needs.
public enum ReplicationError: Error, Sendable, CustomStringConvertible {
    /// No leader, or this manager cannot reach a quorum.
    case noLeader
    /// The outcome is unknown (timed out, or leadership changed while it was pending).
    case unknownOutcome
    /// The change is too large for one Raft entry.
    case tooLarge(byteCount: Int, limit: Int)
    /// This manager's Raft node stopped (shutting down, or its storage failed).
    case stopped(String)

    public var description: String {
        switch self {
        case .noLeader:
            "The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online."
        case .unknownOutcome:
            "the change was not confirmed in time (the leader may have changed); it may still take effect: check, then retry"
        case .tooLarge(let byteCount, let limit):
            "the change is \(byteCount) bytes, more than the \(limit) one Raft entry may hold"
        case .stopped(let reason):
            "this manager's Raft node is stopped: \(reason)"
        }
    }
}
