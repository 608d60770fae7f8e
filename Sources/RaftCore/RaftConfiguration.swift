public import RaftTypes

/// How one member runs Raft. Times are in ticks; the node decides how long a tick is (100 ms by
/// default in swarmd, against Swarm's 1 s).
public struct RaftConfiguration: Sendable {
    /// This member.
    public var id: RaftMemberID
    /// A follower that hears nothing from a leader for a random number of ticks in
    /// `electionTicks` starts an election. The randomness keeps members from campaigning in step.
    public var electionTicks: ClosedRange<Int>
    /// A leader sends heartbeats every this many ticks.
    public var heartbeatTicks: Int
    /// A would-be candidate first asks whether it could win (pre-vote), without raising any term:
    /// a member cut off from the others cannot disrupt the group when it comes back.
    public var usesPreVote: Bool
    /// A leader that has not heard from a majority within the shortest election timeout steps
    /// down, and followers that hear from a live leader ignore votes for others meanwhile.
    public var checksQuorum: Bool
    /// Append messages a leader keeps in flight to one follower before it waits for answers.
    /// Two by default: one on the wire while the next fills up with the proposals that arrive
    /// meanwhile, so that under load each message (and each follower's disk write) carries many
    /// entries. A larger window sends smaller messages more often for the same entries
    /// (Docs/raft.md has the measurement).
    public var inflightAppendLimit: Int
    /// Entry bytes per append message (at least one entry is always sent).
    public var appendByteLimit: Int
    /// Data bytes a leader holds appended but not yet committed before it refuses proposals
    /// (one proposal is always taken when nothing is pending): a leader cut off from its
    /// followers must not grow its log without bound.
    public var uncommittedByteLimit: Int

    public init(
        id: RaftMemberID,
        electionTicks: ClosedRange<Int> = 10...20,
        heartbeatTicks: Int = 1,
        usesPreVote: Bool = true,
        checksQuorum: Bool = true,
        inflightAppendLimit: Int = 2,
        appendByteLimit: Int = 1 << 20,
        uncommittedByteLimit: Int = 32 << 20
    ) {
        precondition(heartbeatTicks > 0 && electionTicks.lowerBound > heartbeatTicks, "Raft needs 0 < heartbeatTicks < electionTicks")
        precondition(
            inflightAppendLimit > 0 && appendByteLimit > 0 && uncommittedByteLimit > 0, "Raft needs positive flow-control limits"
        )
        self.id = id
        self.electionTicks = electionTicks
        self.heartbeatTicks = heartbeatTicks
        self.usesPreVote = usesPreVote
        self.checksQuorum = checksQuorum
        self.inflightAppendLimit = inflightAppendLimit
        self.appendByteLimit = appendByteLimit
        self.uncommittedByteLimit = uncommittedByteLimit
    }
}
