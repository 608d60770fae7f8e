public import SwarmState

/// A node status the dispatcher observed and is about to write.
public struct NodeStatusChange: Hashable, Sendable {
    public let state: Node.State
    public let message: String

    public static let ready = NodeStatusChange(state: .ready, message: "")
    public static let heartbeatFailure = NodeStatusChange(state: .down, message: "heartbeat failure")

    /// Whether `node` shows this status already.
    func isShown(by node: Node) -> Bool {
        node.status.state == state && node.status.message == message
    }
}
