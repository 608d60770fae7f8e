import RaftCore
import RaftTypes

/// Raft's safety properties, checked against a simulated group after every step:
/// - election safety: at most one leader per term;
/// - log matching: two logs with an entry of the same index and term agree on every entry up to it;
/// - leader completeness: a leader of term T holds every entry committed in a term before T;
/// - state machine safety: no two members apply different entries at one index;
/// - durable votes: a member's persisted term never goes back, and it never persists two
///   different votes in one term (across restarts too).
struct SafetyChecker {
    private var leaderOfTerm: [Term: RaftMemberID] = [:]
    private var appliedByIndex: [LogEntry] = []
    /// Entries as leaders committed them, each with the term of the first leader seen to commit it.
    private var commits: [(entry: LogEntry, term: Term)] = []
    private var digests: [RaftMemberID: LogDigest] = [:]
    private var persistedTerm: [RaftMemberID: Term] = [:]
    private var persistedVotes: [[UInt64]: RaftMemberID] = [:]

    var committedCount: Int { appliedByIndex.count }

    mutating func check(members: [SimulatedMember]) -> String? {
        let running = members.compactMap { member in member.raft.map { (member.id, $0) } }
        for member in members {
            guard let raft = member.raft else { continue }
            digests[member.id, default: LogDigest()].update(from: raft.log, applied: member.knownCommittedPrefix)
            if let violation = checkLeader(member, raft) { return violation }
        }
        for (first, (firstID, _)) in running.enumerated() {
            for (secondID, _) in running[(first + 1)...] {
                if let violation = checkLogMatching(firstID, secondID) { return violation }
            }
        }
        return nil
    }

    /// A member persisted `state`: terms only grow, and one term gets at most one vote.
    mutating func checkPersisted(_ state: HardState, by id: RaftMemberID) -> String? {
        if let previous = persistedTerm[id], state.term < previous {
            return "durable votes: member \(id) persisted term \(state.term) after term \(previous)"
        }
        persistedTerm[id] = state.term
        guard let vote = state.vote else { return nil }
        let key = [id.rawValue, state.term.rawValue]
        if let earlier = persistedVotes[key], earlier != vote {
            return "durable votes: member \(id) voted for \(earlier) and then \(vote) in term \(state.term)"
        }
        persistedVotes[key] = vote
        return nil
    }

    /// A member restarted: its log is rebuilt from what it persisted, so hash it afresh.
    mutating func forgetLog(of id: RaftMemberID) {
        digests[id] = nil
    }

    /// Records entries a member applied; they must agree with what any member applied before.
    mutating func checkApplied(_ entries: [LogEntry], by id: RaftMemberID) -> String? {
        for entry in entries {
            let position = Int(entry.index.rawValue) - 1
            if position < appliedByIndex.count {
                guard appliedByIndex[position] == entry else {
                    return "state machine safety: member \(id) applied \(describe(entry)) where another applied \(describe(appliedByIndex[position]))"
                }
            } else {
                guard position == appliedByIndex.count else {
                    return "state machine safety: member \(id) applied index \(entry.index) before index \(appliedByIndex.count + 1)"
                }
                appliedByIndex.append(entry)
            }
        }
        return nil
    }

    private mutating func checkLeader(_ member: SimulatedMember, _ raft: Raft) -> String? {
        let id = member.id
        guard raft.role == .leader else { return nil }
        // A leader may go on briefly after committing its own removal, but must be elected a voter.
        guard raft.membership.voters.contains(id) || leaderOfTerm[raft.term] == id else {
            return "member \(id) leads term \(raft.term) without being a voter"
        }
        if let other = leaderOfTerm[raft.term], other != id {
            return "election safety: members \(other) and \(id) both lead term \(raft.term)"
        }
        leaderOfTerm[raft.term] = id
        // The last entry committed before this leader's term; by log matching (checked too),
        // holding it means holding every entry before it.
        // Entries a snapshot covers are committed by definition; state machine safety checks them.
        if let last = commits.last(where: { $0.term < raft.term }), last.entry.index > raft.log.snapshotIndex,
            raft.log.term(at: last.entry.index) != last.entry.term
        {
            return "leader completeness: leader \(id) of term \(raft.term) lacks \(describe(last.entry)), committed in term \(last.term)"
        }
        let compacted = Int(raft.log.snapshotIndex.rawValue)
        while commits.count < Int(raft.log.committed.rawValue) {
            let position = commits.count
            let entry = position < compacted ? member.knownCommittedPrefix[position] : raft.log.entries[position - compacted]
            commits.append((entry, raft.term))
        }
        return nil
    }

    private func checkLogMatching(_ first: RaftMemberID, _ second: RaftMemberID) -> String? {
        guard let a = digests[first], let b = digests[second] else { return nil }
        var index = min(a.count, b.count)
        while index > 0, a.term(at: index) != b.term(at: index) { index -= 1 }
        guard index > 0 else { return nil }
        guard a.chain[index - 1] == b.chain[index - 1] else {
            return "log matching: members \(first) and \(second) both hold term \(a.term(at: index)!) at index \(index) but differ before it"
        }
        return nil
    }

    private func describe(_ entry: LogEntry) -> String {
        "entry \(entry.index) of term \(entry.term) (\(entry.data.count) bytes)"
    }
}
