public import RaftTypes

extension Raft {
    /// What a snapshot of the state machine through `index` (applied here) covers, membership
    /// included: the node stores it with the snapshot's data, then calls `compact`.
    public func snapshotMetadata(through index: LogIndex) -> RaftSnapshotMetadata? {
        guard index > log.snapshotIndex, index <= log.applied, let term = log.term(at: index) else { return nil }
        return RaftSnapshotMetadata(index: index, term: term, membership: membership(asOf: index))
    }

    /// The node saved the snapshot `metadata` describes (from `snapshotMetadata(through:)`):
    /// the log forgets the entries it covers. Followers that still need them get the snapshot.
    public mutating func compact(through metadata: RaftSnapshotMetadata) {
        guard metadata.index > log.snapshotIndex else { return }
        precondition(metadata == snapshotMetadata(through: metadata.index), "Raft.compact: the metadata does not describe this log")
        log.compact(through: metadata.index)
        snapshotMembership = metadata.membership
        membershipHistory.removeAll { $0.index <= metadata.index }
        snapshot = metadata
    }

    /// How streaming the snapshot to `member` ended: a failure is retried later; a success
    /// lets the leader probe right after the snapshot (in case the follower's answer is lost).
    public mutating func reportSnapshot(to member: RaftMemberID, succeeded: Bool) {
        guard role == .leader, case .snapshot(let pending) = progress[member]?.state else { return }
        progress[member]?.becomeProbe(after: succeeded ? pending : nil)
    }

    /// A follower whose next entries are compacted away gets the latest snapshot.
    mutating func sendSnapshot(to member: RaftMemberID) -> Bool {
        guard let snapshot else { return false }
        send(.snapshot(snapshot), to: member)
        progress[member]?.becomeSnapshot(through: snapshot.index)
        return true
    }

    mutating func handleSnapshot(from member: RaftMemberID, _ metadata: RaftSnapshotMetadata) {
        if metadata.index <= log.committed {
            acknowledgeAppend(through: log.committed, to: member)
            return
        }
        if log.term(at: metadata.index) == metadata.term {
            // The log already holds what the snapshot covers: only the commit index moves.
            log.commit(to: metadata.index)
        } else {
            log.restore(index: metadata.index, term: metadata.term)
            snapshotMembership = metadata.membership
            membershipHistory = []
            snapshot = metadata
            membershipMayHaveChanged()
            receivedSnapshot = metadata
        }
        acknowledgeAppend(through: metadata.index, to: member)
    }
}
