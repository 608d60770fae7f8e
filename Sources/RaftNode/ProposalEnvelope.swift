import RaftTypes

/// The bytes a node puts in a log entry for a proposal: the proposing member and its proposal
/// number (two u64 little-endian), then the command. When the entry is applied, the member that
/// proposed it recognizes its own proposal and answers the waiting caller, whichever member
/// appended it (followers forward proposals to the leader).
///
/// Proposal numbers start at a random value in every process, so that an entry a previous run
/// of the same member proposed, applied again after a restart, never answers a new caller.
struct ProposalEnvelope: Equatable {
    static let headerByteCount = 16

    var proposer: RaftMemberID
    var number: UInt64
    var command: [UInt8]

    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerByteCount + command.count)
        bytes.appendLittleEndian(proposer.rawValue)
        bytes.appendLittleEndian(number)
        bytes.append(contentsOf: command)
        return bytes
    }

    /// Decodes an entry's data, or nil when it is too short or names no member.
    init?(decoding data: [UInt8]) {
        guard data.count >= Self.headerByteCount else { return nil }
        let proposer = data.littleEndianInteger(at: 0, byteCount: 8)
        guard proposer != 0 else { return nil }
        self.proposer = RaftMemberID(proposer)
        self.number = data.littleEndianInteger(at: 8, byteCount: 8)
        self.command = Array(data[Self.headerByteCount...])
    }

    init(proposer: RaftMemberID, number: UInt64, command: [UInt8]) {
        self.proposer = proposer
        self.number = number
        self.command = command
    }
}
