public import RaftTypes

/// Why the Raft transport could not start, deliver or accept something.
public enum RaftTransportError: Error, Sendable, CustomStringConvertible {
    /// A message on the wire that does not describe a Raft message (field `field` is wrong).
    case malformedMessage(field: String)
    /// No address is known for `member`.
    case unknownPeer(RaftMemberID)
    /// A snapshot stream broke off or was refused.
    case snapshotFailed(to: RaftMemberID, reason: String)
    /// A certificate or key could not be created or read.
    case certificate(String)
    /// The listener could not start.
    case listen(address: String, reason: String)

    public var description: String {
        switch self {
        case .malformedMessage(let field):
            "a Raft message from a peer has an invalid \(field); the peer may run an incompatible swarmd version"
        case .unknownPeer(let member):
            "no address is known for Raft member \(member); add it to the group with its address first"
        case .snapshotFailed(let member, let reason):
            "sending a snapshot to Raft member \(member) failed: \(reason)"
        case .certificate(let reason):
            "a TLS certificate or key is unusable: \(reason)"
        case .listen(let address, let reason):
            "cannot listen for Raft peers on \(address): \(reason); check --listen-addr and that no other process uses the port"
        }
    }
}
