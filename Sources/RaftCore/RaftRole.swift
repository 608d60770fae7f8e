/// What a member is doing in the current term.
public enum RaftRole: Hashable, Sendable {
    /// Follows a leader (or waits for one to appear).
    case follower
    /// Asking for pre-votes before it raises its term.
    case preCandidate
    /// Asking for votes in a term it raised.
    case candidate
    /// Appends, replicates and commits for the group.
    case leader
}
