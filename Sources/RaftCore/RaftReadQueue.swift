import RaftTypes

/// A leader's linearizable reads (Raft §6.4, "read index"): each waits until a majority has
/// answered a heartbeat sent after it arrived, proving no newer leader existed then; it may then
/// be served at the commit index it arrived at. Reads that arrive before the leader committed an
/// entry of its own term wait for that first, since the commit index may lag until then.
struct RaftReadQueue: Sendable {
    struct Read: Sendable {
        var context: [UInt8]
        var asker: RaftMemberID
        var index: LogIndex
        var round: UInt64
    }

    /// Reads waiting for the leader's first commit in its term.
    var early: [(context: [UInt8], asker: RaftMemberID)] = []
    /// Reads waiting for their heartbeat round, oldest first.
    private(set) var confirming: [Read] = []
    /// The latest heartbeat round started.
    private(set) var round: UInt64 = 0
    /// The highest round each member answered.
    private var answered: [RaftMemberID: UInt64] = [:]

    /// Queues a read at commit index `index`; returns the round its heartbeats carry.
    mutating func enqueue(context: [UInt8], asker: RaftMemberID, index: LogIndex) -> UInt64 {
        round += 1
        confirming.append(Read(context: context, asker: asker, index: index, round: round))
        return round
    }

    /// `member` answered heartbeats through `answeredRound`; returns the reads a majority of
    /// `membership`'s voters (`leader` itself included) has now confirmed. Learners' answers
    /// prove nothing: they do not vote.
    mutating func answer(from member: RaftMemberID, round answeredRound: UInt64, leader: RaftMemberID, membership: RaftMembership) -> [Read] {
        answered[member] = max(answered[member] ?? 0, answeredRound)
        answered[leader] = round
        let rounds = membership.voters.map { answered[$0] ?? 0 }.sorted(by: >)
        let confirmedRound = rounds[membership.quorum - 1]
        let confirmed = confirming.prefix { $0.round <= confirmedRound }
        confirming.removeFirst(confirmed.count)
        return Array(confirmed)
    }
}
