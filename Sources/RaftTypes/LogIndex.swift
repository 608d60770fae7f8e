/// The position of an entry in the Raft log, starting at 1 (0 means "before the first entry").
public struct LogIndex: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// The index before any entry.
    public static let zero = LogIndex(0)

    /// The index right after this one.
    public var next: LogIndex { LogIndex(rawValue + 1) }

    /// The index right before this one; `zero` has none.
    public var previous: LogIndex {
        precondition(rawValue > 0, "LogIndex.zero has no previous index")
        return LogIndex(rawValue - 1)
    }

    public static func < (lhs: LogIndex, rhs: LogIndex) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "\(rawValue)" }
}
