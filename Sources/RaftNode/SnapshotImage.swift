public import RaftCore
import RaftTypes

/// The contents of a stored snapshot: the Raft group as of the snapshot (which the snapshot
/// store's header does not hold), then the state machine's image.
///
/// Layout: magic `RSI1`, voter count (u32 LE), learner count (u32 LE), the member ids
/// (u64 LE each, voters then learners), then the image.
public struct SnapshotImage: Equatable, Sendable {
    private static let magic: [UInt8] = Array("RSI1".utf8)

    /// The group as of the snapshot.
    public var membership: RaftMembership
    /// The state machine's image.
    public var stateMachineImage: [UInt8]

    public init(membership: RaftMembership, stateMachineImage: [UInt8]) {
        self.membership = membership
        self.stateMachineImage = stateMachineImage
    }

    /// The stored form.
    public var encoded: [UInt8] {
        let voters = membership.voters.map(\.rawValue).sorted()
        let learners = membership.learners.map(\.rawValue).sorted()
        var bytes = Self.magic
        bytes.appendLittleEndian(UInt32(voters.count))
        bytes.appendLittleEndian(UInt32(learners.count))
        for member in voters + learners {
            bytes.appendLittleEndian(member)
        }
        bytes.append(contentsOf: stateMachineImage)
        return bytes
    }

    /// Decodes stored snapshot contents.
    ///
    /// - Throws: `RaftNodeError.badSnapshot` naming what is wrong.
    public init(decoding bytes: [UInt8]) throws(RaftNodeError) {
        guard bytes.count >= 12, Array(bytes[0..<4]) == Self.magic else {
            throw .badSnapshot("it does not start with a snapshot image header (RSI1)")
        }
        let voterCount = Int(bytes.littleEndianInteger(at: 4, byteCount: 4))
        let learnerCount = Int(bytes.littleEndianInteger(at: 8, byteCount: 4))
        let membersEnd = 12 + 8 * (voterCount + learnerCount)
        guard voterCount > 0, membersEnd <= bytes.count else {
            throw .badSnapshot("its member list (\(voterCount) voters, \(learnerCount) learners) does not fit its \(bytes.count) bytes")
        }
        let members = (0..<(voterCount + learnerCount)).map { bytes.littleEndianInteger(at: 12 + 8 * $0, byteCount: 8) }
        let voters = Set(members.prefix(voterCount)), learners = Set(members.dropFirst(voterCount))
        guard !members.contains(0), voters.count == voterCount, learners.count == learnerCount, voters.isDisjoint(with: learners) else {
            throw .badSnapshot("its member list names member 0 or a member twice")
        }
        self.membership = RaftMembership(
            voters: Set(voters.map { RaftMemberID($0) }), learners: Set(learners.map { RaftMemberID($0) })
        )
        self.stateMachineImage = Array(bytes[membersEnd...])
    }
}

extension RaftStateMachine {
    /// Loads the state machine part of snapshot `snapshotIndex`'s image.
    ///
    /// - Throws: `RaftNodeError.badSnapshot` when the state machine refuses it.
    func restore(from image: SnapshotImage, snapshotIndex: LogIndex) throws(RaftNodeError) {
        do {
            try restore(fromImage: image.stateMachineImage)
        } catch {
            throw .badSnapshot("the state machine refused snapshot \(snapshotIndex): \(error)")
        }
    }
}
