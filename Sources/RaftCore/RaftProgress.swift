import RaftTypes

/// What a leader knows of one follower's log, and how it paces appends to it (etcd's Progress):
/// in probe state one append at a time until the follower's log matches; in replicate state
/// appends are pipelined, up to a window of unanswered messages.
struct RaftProgress: Sendable {
    enum State: Equatable, Sendable {
        case probe
        case replicate
        /// A snapshot through this index is on its way; nothing else is sent until it is
        /// acknowledged or reported failed.
        case snapshot(LogIndex)
    }

    /// The highest index known to match the leader's log.
    private(set) var match: LogIndex
    /// The next index to send.
    private(set) var next: LogIndex
    private(set) var state = State.probe
    /// In probe state: an append is out and unanswered.
    private var isProbeOutstanding = false
    /// In replicate state: the last index of each unanswered append, oldest first.
    private var inflight: [LogIndex] = []
    private let maximumInflight: Int
    /// The follower answered since the leader last checked its quorum.
    var isRecentlyActive = true

    init(next: LogIndex, maximumInflight: Int) {
        self.match = .zero
        self.next = next
        self.maximumInflight = maximumInflight
    }

    /// No append may be sent now.
    var isPaused: Bool {
        switch state {
        case .probe: isProbeOutstanding
        case .replicate: inflight.count >= maximumInflight
        case .snapshot: true
        }
    }

    /// Probes from after the match, or from after `snapshotIndex` when a snapshot through it
    /// was delivered.
    mutating func becomeProbe(after snapshotIndex: LogIndex? = nil) {
        state = .probe
        next = max(match.next, snapshotIndex?.next ?? .zero)
        isProbeOutstanding = false
        inflight = []
    }

    mutating func becomeSnapshot(through index: LogIndex) {
        state = .snapshot(index)
        inflight = []
        isProbeOutstanding = false
    }

    mutating func becomeReplicate() {
        state = .replicate
        next = match.next
        inflight = []
    }

    /// An append ending at `lastIndex` (nil: without entries) was sent.
    mutating func sentAppend(lastIndex: LogIndex?) {
        switch state {
        case .probe:
            isProbeOutstanding = true
        case .replicate:
            guard let lastIndex else { return }
            inflight.append(lastIndex)
            next = lastIndex.next
        case .snapshot:
            break
        }
    }

    /// The follower's log matches through `index`; returns whether that is news.
    mutating func acknowledge(_ index: LogIndex) -> Bool {
        next = max(next, index.next)
        guard index > match else { return false }
        match = index
        isProbeOutstanding = false
        inflight.removeAll { $0 <= index }
        return true
    }

    /// The follower's log does not match at `rejected`; the leader should probe at `probeIndex`
    /// next. Returns false for a stale rejection (of an append already superseded).
    mutating func reject(_ rejected: LogIndex, probeIndex: LogIndex) -> Bool {
        switch state {
        case .replicate:
            guard rejected > match else { return false }
            becomeProbe()
            return true
        case .probe:
            guard rejected == next.previous else { return false }
            next = max(min(rejected, probeIndex.next), match.next)
            isProbeOutstanding = false
            return true
        case .snapshot:
            return false
        }
    }

    /// A heartbeat was answered: the follower is alive, so a lost append must not stall it.
    mutating func heartbeatAnswered() {
        isRecentlyActive = true
        isProbeOutstanding = false
        if state == .replicate, inflight.count >= maximumInflight { inflight.removeFirst() }
    }
}
