import RaftCore
import RaftTypes

/// A caller waiting for a request's outcome: a reply (empty for reads, transfers and changes)
/// or why it failed.
typealias RaftNodeWaiter = CheckedContinuation<Result<[UInt8], RaftNodeError>, Never>

/// Something for the node's loop to do, posted from any thread.
enum RaftNodeEvent: Sendable {
    case tick
    case messages([RaftMessage])
    /// A snapshot message and the snapshot's contents, streamed in by the transport.
    case snapshot(RaftMessage, contents: [UInt8])
    case propose([UInt8], RaftNodeWaiter)
    case read(RaftNodeWaiter)
    case transfer(to: RaftMemberID, RaftNodeWaiter)
    case changeMembership(RaftMembershipChange, RaftNodeWaiter)
    /// Streaming a snapshot to a follower ended.
    case snapshotSent(to: RaftMemberID, succeeded: Bool)
    /// A snapshot taken by the loop was written, its image `byteCount` long (or it could not be).
    case snapshotSaved(RaftSnapshotMetadata, byteCount: Int, failure: RaftNodeError?)
    case status(CheckedContinuation<RaftNodeStatus?, Never>)
    /// Freeze the state machine at the applied index (nil: nothing applied yet, or stopped).
    case capture(CheckedContinuation<RaftStateCapture?, Never>)
    case stop
}
