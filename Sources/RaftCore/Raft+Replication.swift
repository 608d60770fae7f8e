import RaftTypes

extension Raft {
    mutating func becomeLeader() {
        role = .leader
        leader = id
        votes = [:]
        resetTimers()
        progress = [:]
        uncommittedBytes = 0
        for member in otherMembers {
            progress[member] = RaftProgress(next: log.lastIndex.next, maximumInflight: configuration.inflightAppendLimit)
        }
        // The newest membership change in the log may not be committed yet: the next waits.
        pendingMembershipIndex = membershipHistory.last?.index ?? .zero
        // An entry of the new term: entries of earlier terms commit only under one of the
        // current term (Raft §5.4.2), so this lets the log commit without waiting for a proposal.
        appendAsLeader([[]])
    }

    /// Appends entries of the current term holding `data`; returns the last one's index.
    @discardableResult
    mutating func appendAsLeader(_ data: [[UInt8]]) -> LogIndex {
        for payload in data {
            log.append(LogEntry(index: log.lastIndex.next, term: term, data: payload))
            uncommittedBytes += payload.count
        }
        broadcastAppend(sendIfEmpty: false)
        return log.lastIndex
    }

    mutating func broadcastAppend(sendIfEmpty: Bool) {
        for member in otherMembers {
            sendAppend(to: member, sendIfEmpty: sendIfEmpty)
        }
    }

    /// Sends `member` the entries from its next index, if its pacing allows; returns whether a
    /// message went out.
    @discardableResult
    mutating func sendAppend(to member: RaftMemberID, sendIfEmpty: Bool) -> Bool {
        guard var memberProgress = progress[member], !memberProgress.isPaused else { return false }
        let previousIndex = memberProgress.next.previous
        guard let previousTerm = log.term(at: previousIndex) else {
            // Compacted away: only the snapshot can bring this follower up to date.
            return sendSnapshot(to: member)
        }
        let entries = log.entries(from: memberProgress.next, maximumByteCount: configuration.appendByteLimit)
        guard !entries.isEmpty || sendIfEmpty else { return false }
        send(.append(previousIndex: previousIndex, previousTerm: previousTerm, entries: entries, commit: log.committed), to: member)
        memberProgress.sentAppend(lastIndex: entries.last?.index)
        progress[member] = memberProgress
        return true
    }

    mutating func handleAppend(
        from member: RaftMemberID,
        previousIndex: LogIndex,
        previousTerm: Term,
        entries: [LogEntry],
        commit: LogIndex
    ) {
        if previousIndex < log.committed {
            // Old news: everything up to the commit index matches any leader's log.
            acknowledgeAppend(through: log.committed, to: member)
            return
        }
        if let (lastNewIndex, firstChanged) = log.appendIfMatching(previousIndex: previousIndex, previousTerm: previousTerm, entries) {
            if let firstChanged { logChanged(from: firstChanged) }
            log.commit(to: min(commit, lastNewIndex))
            acknowledgeAppend(through: lastNewIndex, to: member)
        } else {
            let hint = log.lastIndex(atOrBefore: previousIndex, withTermAtMost: previousTerm)
            send(.appendResponse(accepted: false, index: previousIndex, hintIndex: hint.index, hintTerm: hint.term), to: member)
        }
    }

    /// Tells the leader `member` that this log matches its own through `index`.
    mutating func acknowledgeAppend(through index: LogIndex, to member: RaftMemberID) {
        send(.appendResponse(accepted: true, index: index, hintIndex: .zero, hintTerm: .zero), to: member)
    }

    mutating func handleAppendResponse(from member: RaftMemberID, accepted: Bool, index: LogIndex, hintIndex: LogIndex, hintTerm: Term) {
        guard progress[member] != nil else { return }
        progress[member]?.isRecentlyActive = true
        guard accepted else {
            // Skip every entry of a term the follower cannot match in one step (fast backtracking).
            let probeIndex = hintTerm > .zero ? log.lastIndex(atOrBefore: hintIndex, withTermAtMost: hintTerm).index : hintIndex
            if progress[member]?.reject(index, probeIndex: probeIndex) == true {
                sendAppend(to: member, sendIfEmpty: true)
            }
            return
        }
        guard progress[member]?.acknowledge(index) == true else { return }
        switch progress[member]?.state {
        case .probe:
            progress[member]?.becomeReplicate()
        case .snapshot(let pending) where index >= pending:
            progress[member]?.becomeReplicate()
        default:
            break
        }
        if commitIfReplicated() {
            committedAsLeader()
        }
        if member == transferee, progress[member]?.match == log.lastIndex {
            send(.timeoutNow, to: member)
        }
        // The window may have room again: fill it (bounded by the window's size).
        var sent = 0
        while sent < configuration.inflightAppendLimit, sendAppend(to: member, sendIfEmpty: false) { sent += 1 }
    }

    /// Heartbeats to every other member, confirming read round `readRound`; each carries the
    /// commit index only as far as that member's log is known to match.
    mutating func sendHeartbeats(readRound: UInt64) {
        for member in otherMembers {
            send(.heartbeat(commit: min(progress[member]?.match ?? .zero, log.committed), readRound: readRound), to: member)
        }
    }

    mutating func handleHeartbeatResponse(from member: RaftMemberID) {
        guard progress[member] != nil else { return }
        progress[member]?.heartbeatAnswered()
        if let match = progress[member]?.match, match < log.lastIndex {
            sendAppend(to: member, sendIfEmpty: true)
        }
    }

    /// Commits the highest index a majority holds durably, if it is of the current term.
    mutating func commitIfReplicated() -> Bool {
        let matches = membership.voters.map { $0 == id ? log.stableIndex : progress[$0]?.match ?? .zero }.sorted(by: >)
        let replicated = matches[quorum - 1]
        guard replicated > log.committed, log.term(at: replicated) == term else { return false }
        let newlyCommitted = log.entries(from: log.committed.next, through: replicated)
        uncommittedBytes = max(0, uncommittedBytes - newlyCommitted.reduce(0) { $0 + $1.data.count })
        log.commit(to: replicated)
        return true
    }

    /// Whether `byteCount` more bytes of proposals fit the uncommitted backlog (one always does
    /// when nothing is pending).
    func admitsUncommitted(_ byteCount: Int) -> Bool {
        uncommittedBytes == 0 || uncommittedBytes + byteCount <= configuration.uncommittedByteLimit
    }
}
