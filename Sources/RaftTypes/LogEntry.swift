/// One entry of the Raft log: where it sits, the term it was proposed in, and its payload.
public struct LogEntry: Hashable, Sendable {
    /// What the payload is.
    public enum Kind: UInt8, Sendable {
        /// A state-machine command (a store transaction).
        case normal = 0
        /// A change of the Raft group's membership.
        case configurationChange = 1
    }

    public var index: LogIndex
    public var term: Term
    public var kind: Kind
    public var data: [UInt8]

    public init(index: LogIndex, term: Term, kind: Kind = .normal, data: [UInt8]) {
        self.index = index
        self.term = term
        self.kind = kind
        self.data = data
    }
}
