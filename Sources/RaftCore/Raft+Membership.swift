public import RaftTypes

extension Raft {
    /// Proposes a membership change (the leader only, one at a time: the previous one must be
    /// committed). As in the Raft thesis (§4.1), every member uses the newest membership in its
    /// log, committed or not, from the moment the entry is appended: so no two members' views
    /// ever differ by more than one change, and any two majorities overlap. Returns the entry's
    /// index.
    public mutating func proposeMembershipChange(_ change: RaftMembershipChange) throws(RaftProposalError) -> LogIndex {
        guard role == .leader else { throw .notLeader(leader: leader) }
        if let transferee { throw .leadershipTransferInProgress(transferee: transferee) }
        guard pendingMembershipIndex <= log.committed else { throw .membershipChangeInProgress }
        if change == .remove(id) { throw .leaderCannotRemoveItself }
        if let refusal = membership.refusal(of: change) { throw refusal }
        let entry = LogEntry(index: log.lastIndex.next, term: term, kind: .configurationChange, data: change.encoded)
        log.append(entry)
        pendingMembershipIndex = entry.index
        logChanged(from: entry.index)
        broadcastAppend(sendIfEmpty: false)
        return entry.index
    }

    /// How far `member`'s log is known to match this leader's (nil when not leading or not
    /// replicating to it): when a learner is close enough to promote.
    public func matchIndex(of member: RaftMemberID) -> LogIndex? {
        member == id ? log.stableIndex : progress[member]?.match
    }

    /// The log changed from `index` on (entries appended or replaced): recompute the membership
    /// from the membership changes it now holds.
    mutating func logChanged(from index: LogIndex) {
        membershipHistory.removeAll { $0.index >= index }
        var current = membership
        for entry in log.entries(from: index, through: log.lastIndex) where entry.kind == .configurationChange {
            guard let change = RaftMembershipChange(encoded: entry.data) else { continue }
            current = current.applying(change)
            membershipHistory.append((entry.index, current))
        }
        membershipMayHaveChanged()
    }

    /// The membership as of `index` (at or after the snapshot).
    func membership(asOf index: LogIndex) -> RaftMembership {
        membershipHistory.last { $0.index <= index }?.membership ?? snapshotMembership
    }

    /// A leader replicates to exactly the current members; a campaigning member that is no
    /// longer a voter stops. (A leader is always a voter: it never removes itself, and only a
    /// voter can win.)
    mutating func membershipMayHaveChanged() {
        if !isVoter, role == .preCandidate || role == .candidate {
            becomeFollower(term: term, leader: nil)
        }
        guard role == .leader else { return }
        for member in otherMembers where progress[member] == nil {
            progress[member] = RaftProgress(next: log.lastIndex.next, maximumInflight: configuration.inflightAppendLimit)
        }
        for member in progress.keys where !membership.all.contains(member) {
            progress[member] = nil
        }
        if let transferee, !membership.voters.contains(transferee) { self.transferee = nil }
        // A smaller group may already hold a majority of a newer index.
        if commitIfReplicated() { committedAsLeader() }
    }
}
