/// What a member is doing in the current term.
public enum RaftRole: Hashable, Sendable {
    case follower
    /// Asking for pre-votes before it raises its term.
    case preCandidate
    case candidate
    case leader
}
