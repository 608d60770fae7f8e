/// What `LinearizabilityChecker` concluded about a key-value history.
public enum LinearizabilityVerdict: Sendable, Equatable {
    /// Every key's operations can be ordered so that each takes effect at one instant between its
    /// invocation and its completion, and every get reads the latest put before it (or absent).
    case linearizable
    /// No such order exists for `key` (the first such key in sorted order). `explanation` names
    /// the furthest the search got: the last operations it could order, the register's value
    /// then, and the open operations none of which could come next, with clients, values and
    /// times.
    case violation(key: String, explanation: String)
    /// The time limit ran out while `key` was searched: keys sorted before it are linearizable,
    /// the rest were not checked.
    case undecided(key: String)
}
