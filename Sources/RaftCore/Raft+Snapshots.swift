public import RaftTypes

extension Raft {
    /// The node saved a snapshot of the state machine through `metadata.index` (applied and
    /// durable here): the log forgets the entries it covers. Followers that still need them get
    /// the snapshot instead.
    public mutating func compact(through metadata: RaftSnapshotMetadata) {
        guard metadata.index > log.snapshotIndex else { return }
        precondition(log.term(at: metadata.index) == metadata.term, "Raft.compact: the snapshot's term does not match the log")
        log.compact(through: metadata.index)
        snapshot = metadata
    }

    /// The node could not deliver the snapshot it was streaming to `member`: try again later.
    public mutating func reportSnapshotFailed(to member: RaftMemberID) {
        guard role == .leader, case .snapshot = progress[member]?.state else { return }
        progress[member]?.becomeProbe()
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
            send(.appendResponse(accepted: true, index: log.committed, hintIndex: .zero, hintTerm: .zero), to: member)
            return
        }
        if log.term(at: metadata.index) == metadata.term {
            // The log already holds what the snapshot covers: only the commit index moves.
            log.commit(to: metadata.index)
        } else {
            log.restore(index: metadata.index, term: metadata.term)
            membership = metadata.membership
            snapshot = metadata
            receivedSnapshot = metadata
        }
        send(.appendResponse(accepted: true, index: metadata.index, hintIndex: .zero, hintTerm: .zero), to: member)
    }
}
