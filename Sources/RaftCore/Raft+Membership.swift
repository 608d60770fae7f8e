public import RaftTypes

extension Raft {
    /// Proposes a membership change (the leader only, one at a time): it takes effect on every
    /// member when applied, through `applyMembershipChange`. Returns the entry's index.
    public mutating func proposeMembershipChange(_ change: RaftMembershipChange) throws(RaftProposalError) -> LogIndex {
        guard role == .leader else { throw .notLeader(leader: leader) }
        if let transferee { throw .leadershipTransferInProgress(transferee: transferee) }
        guard pendingMembershipIndex <= log.applied else { throw .membershipChangeInProgress }
        if change == .remove(id) { throw .leaderCannotRemoveItself }
        if let refusal = membership.refusal(of: change) { throw refusal }
        let entry = LogEntry(index: log.lastIndex.next, term: term, kind: .configurationChange, data: change.encoded)
        log.append(entry)
        pendingMembershipIndex = entry.index
        broadcastAppend(sendIfEmpty: false)
        return entry.index
    }

    /// Applies a committed membership change (the state machine calls this as it applies the
    /// entry). A leader starts or stops replicating to the member; a member that is no longer a
    /// voter stops campaigning. A leader cannot propose its own removal, but it can commit one
    /// an earlier leader proposed: it then hands leadership to the most up-to-date voter (whose
    /// catch-up also tells it the removal is committed) and steps down.
    public mutating func applyMembershipChange(_ change: RaftMembershipChange) {
        membership = membership.applying(change)
        if !isVoter, role == .preCandidate || role == .candidate {
            // No longer a voter: stop campaigning.
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
        if !isVoter {
            handOverAfterRemoval()
            return
        }
        // A smaller group may already hold a majority of a newer index.
        if commitIfReplicated() { committedAsLeader() }
    }

    /// A leader that is no longer a voter: hand over to the voter with the longest matching log,
    /// or step down when there is none (or when the hand-over times out, in `tickAsLeader`).
    private mutating func handOverAfterRemoval() {
        let successor = otherVoters.max { (progress[$0]?.match ?? .zero, $1.rawValue) < (progress[$1]?.match ?? .zero, $0.rawValue) }
        guard let successor, (try? transferLeadership(to: successor)) != nil else {
            becomeFollower(term: term, leader: nil)
            return
        }
    }

    /// How far `member`'s log is known to match this leader's (nil when not leading or not
    /// replicating to it): when a learner is close enough to promote.
    public func matchIndex(of member: RaftMemberID) -> LogIndex? {
        member == id ? log.stableIndex : progress[member]?.match
    }
}
