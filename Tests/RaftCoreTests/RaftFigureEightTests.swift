import RaftCore
import RaftTypes
import Testing

/// Figure 8 of the Raft paper, played message by message: an entry of an earlier term stored
/// on a majority must not count as committed, because a later leader may still overwrite it;
/// only an entry of the leader's own term commits it (and everything before it).
@Suite("Raft Figure 8")
struct RaftFigureEightTests {
    /// Members whose messages the test routes one by one; only the members it ticks campaign.
    struct ScriptedGroup {
        var members: [RaftMemberID: Raft] = [:]
        var pending: [RaftMessage] = []

        init(count: Int) {
            let ids = Set((1...count).map { RaftMemberID(UInt64($0)) })
            for id in ids {
                // No pre-vote or lease: the scenario is about the commit rule alone. One entry
                // of data per append, so a follower can get an old entry without the next one.
                let configuration = RaftConfiguration(
                    id: id, electionTicks: 10...10, usesPreVote: false, checksQuorum: false, appendByteLimit: 1
                )
                members[id] = Raft(configuration: configuration, membership: RaftMembership(voters: ids), randomSeed: id.rawValue)
            }
        }

        subscript(_ id: UInt64) -> Raft { members[RaftMemberID(id)]! }

        /// `id` times out and campaigns.
        mutating func campaign(_ id: UInt64) {
            for _ in 0..<10 { members[RaftMemberID(id)]!.tick() }
        }

        /// `to` gets a heartbeat of `from`'s term, and so learns of that term.
        mutating func hearOfTerm(from: UInt64, to: UInt64) {
            let heartbeat = RaftMessage(
                from: RaftMemberID(from), to: RaftMemberID(to), term: self[from].term, body: .heartbeat(commit: .zero, readRound: 0)
            )
            members[RaftMemberID(to)]!.step(heartbeat)
        }

        /// Persists every member's ready and queues its messages.
        mutating func flush() {
            for id in members.keys where members[id]!.hasReady {
                let ready = members[id]!.ready()
                members[id]!.advance(ready)
                pending += ready.messages
            }
        }

        /// Delivers the queued messages `allowed` lets through (judged against the members as
        /// they are when it arrives), and what they cause, until none is left (bounded); the
        /// others are dropped.
        mutating func exchange(rounds: Int = 50, allowed: (RaftMessage, [RaftMemberID: Raft]) -> Bool) {
            for _ in 0..<rounds {
                flush()
                let queued = pending
                pending = []
                var delivered = false
                for message in queued where allowed(message, members) {
                    members[message.to]!.step(message)
                    delivered = true
                }
                if !delivered { return }
            }
        }

        /// The leader `id` sends heartbeats; their answers resume paused probes.
        mutating func heartbeat(_ id: UInt64) {
            members[RaftMemberID(id)]!.tick()
        }
    }

    static func between(_ group: Set<UInt64>) -> (RaftMessage, [RaftMemberID: Raft]) -> Bool {
        { message, _ in group.contains(message.from.rawValue) && group.contains(message.to.rawValue) }
    }

    @Test("a leader does not commit an earlier term's entry by counting copies, so a later leader can safely overwrite it")
    func olderTermEntryIsNotCommittedByCounting() throws {
        var group = ScriptedGroup(count: 5)
        // Term 1: member 1 leads everyone; its first entry commits.
        group.campaign(1)
        group.exchange(allowed: { _, _ in true })
        #expect(group[1].role == .leader && group[1].log.committed == LogIndex(1))

        // Member 1 appends X at index 2; only member 2 gets it.
        _ = try group.members[RaftMemberID(1)]!.propose([7, 7])
        group.exchange(allowed: Self.between([1, 2]))
        #expect(group[2].log.term(at: LogIndex(2)) == Term(1))

        // Term 2: member 5 wins with 3 and 4 and appends its own entry at index 2, kept to itself.
        group.campaign(5)
        group.exchange(allowed: { Self.between([3, 4, 5])($0, $1) && !Self.isAppend($0) })
        #expect(group[5].role == .leader && group[5].term == Term(2))
        #expect(group[5].log.term(at: LogIndex(2)) == Term(2))

        // Term 3: member 1 hears of term 2, then wins term 3 with 2 and 3, and copies X to
        // member 3, but not its own term-3 entry after it.
        group.hearOfTerm(from: 5, to: 1)
        group.campaign(1)
        group.exchange(allowed: { Self.between([1, 2, 3])($0, $1) && !Self.isAppend($0) })
        #expect(group[1].role == .leader && group[1].term == Term(3))
        // Member 2 gets everything. Member 3 gets appends carrying the term-3 entry only while
        // it will reject them (it lacks index 2), which makes the leader send it X alone.
        group.heartbeat(1)
        group.exchange(allowed: { message, members in
            Self.between([1, 2, 3])(message, members)
                && (message.to != RaftMemberID(3) || !Self.carriesEntry(at: LogIndex(3), message)
                    || members[message.to]!.log.term(at: LogIndex(2)) == nil)
        })
        #expect(group[3].log.term(at: LogIndex(2)) == Term(1), "X now sits on members 1, 2 and 3: a majority")
        #expect(group[3].log.lastIndex == LogIndex(2), "member 3 lacks the term-3 entry")
        #expect(group[1].log.committed < LogIndex(2), "X is of an earlier term: a majority of copies does not commit it")

        // Member 1 falls silent; member 5 hears of term 3, wins term 4 with 3 and 4, and
        // overwrites X everywhere: had it been committed, this would lose a committed entry.
        group.hearOfTerm(from: 1, to: 5)
        group.campaign(5)
        group.exchange(allowed: Self.between([2, 3, 4, 5]))
        #expect(group[5].role == .leader && group[5].term == Term(4))
        for id: UInt64 in [2, 3, 4, 5] {
            #expect(group[id].log.term(at: LogIndex(2)) == Term(2), "member \(id)")
        }
    }

    static func isAppend(_ message: RaftMessage) -> Bool {
        if case .append = message.body { return true }
        return false
    }

    static func carriesEntry(at index: LogIndex, _ message: RaftMessage) -> Bool {
        if case .append(_, _, let entries, _) = message.body { return entries.contains { $0.index == index } }
        return false
    }
}
