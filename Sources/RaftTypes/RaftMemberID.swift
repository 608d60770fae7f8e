/// The identity of a member of the Raft group (never 0, which Raft reserves for "nobody").
public struct RaftMemberID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    /// Wraps a non-zero identifier.
    public init(rawValue: UInt64) {
        precondition(rawValue != 0, "RaftMemberID 0 means nobody; use nil")
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt64) {
        self.init(rawValue: rawValue)
    }

    public var description: String { String(rawValue, radix: 16) }
}
