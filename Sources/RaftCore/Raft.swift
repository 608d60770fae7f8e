public import RaftTypes

/// One member's Raft state machine, in the style of etcd's raft: no I/O, no clock, no threads.
/// The caller feeds it ticks (`tick`), messages (`step`) and proposals (`propose`), and carries
/// out what `ready()` returns — persist, send, apply — before calling `advance`. The only
/// randomness (election timeouts) comes from a seeded generator, so runs replay exactly.
///
/// Implements elections with pre-vote and check-quorum, log replication with pipelined appends,
/// flow control and fast backtracking, and commitment by a majority of durable copies (the
/// leader counts its own entries only once persisted).
public struct Raft: Sendable {
    /// How this member runs (identity, timeouts, features, flow control).
    public let configuration: RaftConfiguration
    /// The group as of the newest membership change in the log (committed or not), or the
    /// latest snapshot's.
    public var membership: RaftMembership { membershipHistory.last?.membership ?? snapshotMembership }
    /// The membership as of the latest snapshot (or the initial one).
    var snapshotMembership: RaftMembership
    /// The membership after each membership change in the log, oldest first.
    var membershipHistory: [(index: LogIndex, membership: RaftMembership)] = []
    /// The latest term this member knows.
    public internal(set) var term: Term
    /// Whom it voted for in `term`, if anyone.
    public internal(set) var vote: RaftMemberID?
    /// What it is doing in `term`.
    public internal(set) var role = RaftRole.follower
    /// Who this member believes leads in `term`.
    public internal(set) var leader: RaftMemberID?
    /// Its log: entries since the latest snapshot, and how far they are durable, committed, applied.
    public internal(set) var log: RaftLog

    var progress: [RaftMemberID: RaftProgress] = [:]
    var votes: [RaftMemberID: Bool] = [:]
    var electionElapsed = 0
    var heartbeatElapsed = 0
    var randomizedElectionTimeout = 0
    var random: RaftRandom
    var outbox: [RaftMessage] = []
    var readStates: [RaftReadState] = []
    var reads = RaftReadQueue()
    /// The member this leader is handing over to, if a transfer is under way.
    var transferee: RaftMemberID?
    /// The latest snapshot: taken here (`compact`) or received from a leader.
    public internal(set) var snapshot: RaftSnapshotMetadata?
    /// A snapshot received from the leader that the node has yet to install.
    var receivedSnapshot: RaftSnapshotMetadata?
    /// Data bytes this leader appended that are not yet committed (bounded by the configuration).
    var uncommittedBytes = 0
    /// The last membership change this leader appended: the next waits until it is committed.
    var pendingMembershipIndex = LogIndex.zero
    private var persistedHardState: HardState

    /// A member restored from what it persisted: its hard state, its latest snapshot (whose
    /// membership, if any, replaces `membership`, the group before any entry), and the entries
    /// after it (whose membership changes apply on top).
    public init(
        configuration: RaftConfiguration,
        membership: RaftMembership,
        hardState: HardState = .initial,
        snapshot: RaftSnapshotMetadata? = nil,
        entries: [LogEntry] = [],
        randomSeed: UInt64
    ) {
        self.configuration = configuration
        self.snapshotMembership = snapshot?.membership ?? membership
        self.snapshot = snapshot
        self.log = RaftLog(
            snapshotIndex: snapshot?.index ?? .zero, snapshotTerm: snapshot?.term ?? .zero, entries: entries, committed: hardState.commit
        )
        // A crash can keep a batch's entries but lose the hard state written after them: never
        // run in a term older than the log's last entry (raising a term, with no vote, is safe).
        self.term = max(hardState.term, log.lastTerm)
        self.vote = hardState.term >= log.lastTerm ? hardState.vote : nil
        self.random = RaftRandom(seed: randomSeed)
        self.persistedHardState = hardState
        resetTimers()
        if log.lastIndex > log.snapshotIndex { logChanged(from: log.snapshotIndex.next) }
    }

    public var id: RaftMemberID { configuration.id }
    var quorum: Int { membership.quorum }
    /// Whether this member may campaign: voters only.
    var isVoter: Bool { membership.voters.contains(id) }
    /// Whether this member is the group's one voter.
    var isSoleVoter: Bool { membership.voters == [id] }
    var hardState: HardState { HardState(term: term, vote: vote, commit: log.committed) }

    // MARK: - Inputs

    /// One unit of time passed.
    public mutating func tick() {
        if role == .leader { tickAsLeader() } else { tickAsFollower() }
    }

    /// Proposes `data` as a new entry: the leader appends it, a follower forwards it to the
    /// leader. It is committed once it appears in a `ready()`'s committed entries. A forwarded
    /// proposal can be lost (the leader changes, is handing over, or its backlog is full), and
    /// so can an appended one whose leader loses its term: callers time out and retry.
    public mutating func propose(_ data: [UInt8]) throws(RaftProposalError) -> RaftProposalOutcome {
        switch role {
        case .leader:
            if let transferee { throw .leadershipTransferInProgress(transferee: transferee) }
            guard admitsUncommitted(data.count) else { throw .uncommittedBacklogFull(limit: configuration.uncommittedByteLimit) }
            return .appended(appendAsLeader([data]))
        case .follower, .preCandidate, .candidate:
            guard let leader else { throw .noLeader }
            send(.forwardedProposals([data]), to: leader)
            return .forwarded(to: leader)
        }
    }

    /// Asks for a linearizable read identified by `context`; the answer arrives in a later
    /// `ready()`'s `readStates` (none if leadership changes first: ask again).
    public mutating func requestRead(context: [UInt8]) throws(RaftProposalError) {
        switch role {
        case .leader:
            startRead(context: context, asker: id)
        case .follower, .preCandidate, .candidate:
            guard let leader else { throw .noLeader }
            send(.readIndexRequest(context: context), to: leader)
        }
    }

    /// Hands leadership to `target` (the leader only): brings it up to date, then tells it to
    /// campaign at once. Proposals are refused meanwhile; the transfer is abandoned if it does
    /// not happen within the minimum election timeout.
    public mutating func transferLeadership(to target: RaftMemberID) throws(RaftProposalError) {
        guard role == .leader else { throw .notLeader(leader: leader) }
        guard membership.voters.contains(target) else { throw .unknownMember(target) }
        guard target != id, target != transferee else { return }
        transferee = target
        electionElapsed = 0
        if progress[target]?.match == log.lastIndex {
            send(.timeoutNow, to: target)
        } else {
            sendAppend(to: target, sendIfEmpty: true)
        }
    }

    // MARK: - Outputs

    /// Whether `ready()` has anything to do.
    public var hasReady: Bool {
        !outbox.isEmpty || !readStates.isEmpty || receivedSnapshot != nil || !log.unstableEntries.isEmpty || hardState != persistedHardState
            || !log.committedUnapplied.isEmpty
    }

    /// What to persist, send and apply now. Call `advance` with it before the next `ready()`.
    public mutating func ready() -> RaftReady {
        defer {
            outbox = []
            readStates = []
        }
        return RaftReady(
            snapshot: receivedSnapshot,
            hardState: hardState == persistedHardState ? nil : hardState,
            entries: Array(log.unstableEntries),
            messages: outbox,
            committedEntries: Array(log.committedUnapplied),
            readStates: readStates
        )
    }

    /// `ready` was carried out: its state and entries are durable, its entries applied.
    public mutating func advance(_ ready: RaftReady) {
        if let received = ready.snapshot, received == receivedSnapshot {
            log.markApplied(through: received.index)
            receivedSnapshot = nil
        }
        if let hardState = ready.hardState { persistedHardState = hardState }
        if let last = ready.entries.last { log.markStable(through: last.index, term: last.term) }
        if let last = ready.committedEntries.last { log.markApplied(through: last.index) }
        // The leader's own copy counts toward a majority only once durable.
        if role == .leader, commitIfReplicated() { committedAsLeader() }
    }

    // MARK: - Internals shared by elections and replication

    mutating func send(_ body: RaftMessage.Body, to member: RaftMemberID, term messageTerm: Term? = nil) {
        outbox.append(RaftMessage(from: id, to: member, term: messageTerm ?? term, body: body))
    }

    /// Every other member, learners included: whom a leader replicates to.
    var otherMembers: [RaftMemberID] { membership.all.filter { $0 != id }.sorted { $0.rawValue < $1.rawValue } }
    /// Every other voter: whom a candidate asks.
    var otherVoters: [RaftMemberID] { membership.voters.filter { $0 != id }.sorted { $0.rawValue < $1.rawValue } }

    mutating func resetTimers() {
        electionElapsed = 0
        heartbeatElapsed = 0
        randomizedElectionTimeout = Int.random(in: configuration.electionTicks, using: &random)
    }

    mutating func becomeFollower(term newTerm: Term, leader newLeader: RaftMemberID?) {
        if newTerm > term {
            term = newTerm
            vote = nil
        }
        role = .follower
        leader = newLeader
        progress = [:]
        votes = [:]
        transferee = nil
        reads = RaftReadQueue()
        resetTimers()
    }
}
