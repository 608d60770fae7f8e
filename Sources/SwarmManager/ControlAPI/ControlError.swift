import SwarmState

/// Why a control API call failed, with the message the operator sees (after the docker CLI's
/// "Error response from daemon: "). The HTTP status for each kind is chosen in one place, in
/// DockerAPI.
public struct ControlError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, which decides the HTTP status.
    public enum Kind: Sendable {
        /// Bad input: a malformed name, an oversized payload, an unknown option value.
        case invalidArgument
        /// No object answers to the reference.
        case notFound
        /// A name is taken, or the object changed since the caller read it.
        case conflict
        /// The request is valid but the swarm's state forbids it now (demoting the last
        /// manager, removing a node that is up).
        case failedPrecondition
        /// The swarm cannot serve it now: no leader or quorum, not a manager, locked.
        case unavailable
        /// Too many attempts (wrong unlock keys): retry later.
        case rateLimited
        /// A fault of this manager (its storage or Raft node failed).
        case internalFailure
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func notFound(_ kind: ObjectKind, _ reference: String) -> ControlError {
        ControlError(.notFound, "\(kind) \(reference) not found")
    }

    static func ambiguous(_ kind: ObjectKind, _ reference: String) -> ControlError {
        ControlError(.invalidArgument, "\(kind) \(reference) is ambiguous (more than one \(kind) ID starts with it); give more of the ID")
    }

    /// The error for a store write that failed.
    init(_ error: StoreWriteError) {
        switch error {
        case .conflict(let conflict):
            switch conflict {
            case .nameTaken(let kind, let name): self.init(.conflict, "\(kind) \(name) already exists")
            case .outOfSequence: self.init(.conflict, "update out of sequence")
            case .notFound(let kind, let id): self = .notFound(kind, id)
            case .idTaken, .repeatedObject, .unreadableCommand: self.init(.internalFailure, "\(conflict)")
            }
        case .replication(let replication):
            switch replication {
            case .noLeader, .unknownOutcome: self.init(.unavailable, "\(replication)")
            case .tooLarge: self.init(.invalidArgument, "\(replication)")
            case .stopped: self.init(.internalFailure, "\(replication)")
            }
        }
    }
}
