public import RaftTypes

/// One change of the group, carried by an entry of kind `configurationChange`. Changes are made
/// one member at a time (never two in flight), so any majority of the old group overlaps any
/// majority of the new one. A new member joins as a learner (it replicates but does not vote),
/// catches up, and is then promoted.
public enum RaftMembershipChange: Hashable, Sendable, CustomStringConvertible {
    case addLearner(RaftMemberID)
    case promote(RaftMemberID)
    case remove(RaftMemberID)

    /// The entry payload: a kind byte, then the member id (u64 little-endian).
    public var encoded: [UInt8] {
        let (kind, member): (UInt8, RaftMemberID) = switch self {
        case .addLearner(let member): (1, member)
        case .promote(let member): (2, member)
        case .remove(let member): (3, member)
        }
        var bytes = [kind]
        bytes.appendLittleEndian(member.rawValue)
        return bytes
    }

    /// Decodes an entry payload, or nil when it is not one `encoded` makes.
    public init?(encoded bytes: [UInt8]) {
        guard bytes.count == 9 else { return nil }
        let raw = bytes.littleEndianInteger(at: 1, byteCount: 8)
        guard raw != 0 else { return nil }
        let member = RaftMemberID(raw)
        switch bytes[0] {
        case 1: self = .addLearner(member)
        case 2: self = .promote(member)
        case 3: self = .remove(member)
        default: return nil
        }
    }

    public var member: RaftMemberID {
        switch self {
        case .addLearner(let member), .promote(let member), .remove(let member): member
        }
    }

    public var description: String {
        switch self {
        case .addLearner(let member): "add member \(member) as a learner"
        case .promote(let member): "promote learner \(member) to voter"
        case .remove(let member): "remove member \(member)"
        }
    }
}
