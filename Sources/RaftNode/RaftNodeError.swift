public import RaftCore
public import RaftTypes

/// Why a `RaftNode` could not start, or could not carry out a request.
public enum RaftNodeError: Error, Sendable, CustomStringConvertible {
    /// The Raft core refused the request (no leader, not the leader, a change in flight, ...).
    case refused(RaftProposalError)
    /// The request was not committed (or confirmed, for reads) within `seconds`: leadership may
    /// have changed. A timed-out write may still be applied later; retry idempotently.
    case timedOut(seconds: Double)
    /// A command larger than `limit` bytes: it could not travel to other members (the
    /// transport refuses messages above 4 MiB).
    case commandTooLarge(byteCount: Int, limit: Int)
    /// The leader changed while the request was pending: a proposal may still be applied (its
    /// outcome is unknown, as with `.timedOut`); a read was not confirmed. Retry.
    case leaderChanged
    /// Leadership changed before the request's entry committed, and another entry took its
    /// place: it did not take effect.
    case superseded
    /// The node is stopping or stopped.
    case stopped
    /// The storage failed; the node stopped.
    case storage(any Error)
    /// A committed entry does not hold a proposal a node made (the log came from elsewhere).
    case unreadableEntry(LogIndex)
    /// A snapshot could not be read or restored.
    case badSnapshot(String)

    public var description: String {
        switch self {
        case .refused(let reason):
            "\(reason)"
        case .timedOut(let seconds):
            "the request was not committed within \(seconds) s (leadership may have changed); it may still take effect: retry it"
        case .commandTooLarge(let byteCount, let limit):
            "the command is \(byteCount) bytes, more than the \(limit) a Raft entry may hold; split it or store less"
        case .leaderChanged:
            "the Raft leader changed while the request was pending; it may still take effect: retry it"
        case .superseded:
            "leadership changed before the change committed and it did not take effect; retry it"
        case .stopped:
            "the Raft node is stopped"
        case .storage(let error):
            "Raft storage failed: \(error); the node stopped: check the disk and restart swarmd"
        case .unreadableEntry(let index):
            "committed Raft entry \(index) does not hold a proposal a swarmd node made; the node stopped: restore this manager from a backup"
        case .badSnapshot(let reason):
            "a Raft snapshot cannot be used: \(reason)"
        }
    }
}
