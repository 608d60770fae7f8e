import SwarmCrypto

/// An object's identity in the store: 25 lowercase base-36 characters, as Docker Swarm's
/// `identity.NewID` makes them. `Tag` keeps kinds apart, so a `SecretID` can't be passed where a
/// `NodeID` is wanted.
public struct ObjectID<Tag>: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A new random identity (128 random bits in base 36, zero-padded to 25 characters).
    public static func random() -> ObjectID {
        ObjectID(rawValue: RandomIdentifier.make())
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Tags for `ObjectID`, one per kind of object.
public enum ObjectTag {
    public enum Cluster {}
    public enum Node {}
    public enum Secret {}
    public enum Config {}
    public enum Service {}
    public enum Task {}
}

public typealias ClusterID = ObjectID<ObjectTag.Cluster>
public typealias NodeID = ObjectID<ObjectTag.Node>
public typealias SecretID = ObjectID<ObjectTag.Secret>
public typealias ConfigID = ObjectID<ObjectTag.Config>
public typealias ServiceID = ObjectID<ObjectTag.Service>
public typealias TaskID = ObjectID<ObjectTag.Task>
