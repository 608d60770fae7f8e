import GRPCCore

/// Why a manager refused a node's request (a join, a certificate renewal, a heartbeat), in
/// words the node's operator sees; the services turn it into the gRPC status the node reports.
public struct RequestRefusal: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        /// The join token is not one of the swarm's current tokens.
        case invalidToken
        /// The request is malformed (key, address, availability).
        case invalidRequest
        /// The manager cannot answer now (no leader, still starting).
        case unavailable
        /// The node is not (or no longer) in the swarm.
        case unknownNode
        /// The node reported on a task that is not assigned to it.
        case foreignTask
    }

    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }

    /// The gRPC status the calling node gets.
    var rpcError: RPCError {
        let code: RPCError.Code = switch reason {
        case .invalidToken: .permissionDenied
        case .invalidRequest: .invalidArgument
        case .unavailable: .unavailable
        case .unknownNode: .notFound
        case .foreignTask: .permissionDenied
        }
        return RPCError(code: code, message: message)
    }
}
