/// A Raft election term. Terms only grow; each has at most one leader.
public struct Term: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// The term before any election.
    public static let zero = Term(0)

    public static func < (lhs: Term, rhs: Term) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "\(rawValue)" }
}
