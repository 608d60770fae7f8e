public import Foundation

/// An object's version: the Raft log index of the entry that last changed it. Updates name
/// the version they read; a different stored version means someone else wrote in between.
public struct ObjectVersion: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var index: UInt64

    public init(index: UInt64) {
        self.index = index
    }

    public var description: String { String(index) }

    public static func < (lhs: ObjectVersion, rhs: ObjectVersion) -> Bool { lhs.index < rhs.index }
}

/// What every stored object carries besides its contents: its version and when it was created
/// and last updated (times chosen by the proposing manager, so every manager stores the same).
public struct ObjectMeta: Hashable, Sendable, Codable {
    public var version: ObjectVersion
    public var createdAt: Date
    public var updatedAt: Date

    /// The meta of an object about to be created at `time` (its version is set when applied).
    public init(createdAt time: Date) {
        self.version = ObjectVersion(index: 0)
        self.createdAt = time
        self.updatedAt = time
    }
}
