import RaftCore
import RaftTypes

/// The callers a node's loop is answering: proposals by number until their entries apply,
/// reads until the leader confirms them and the state machine catches up, membership changes
/// until their entry applies, transfers until the target leads. Each has a deadline in ticks;
/// `expire` fails the overdue with `.timedOut`. Owned by the loop (not thread-safe).
struct RaftNodeRequests {
    private struct Pending {
        var waiter: RaftNodeWaiter
        var deadline: UInt64
    }

    private var proposals: [UInt64: Pending] = [:]
    private var readsAwaitingIndex: [UInt64: Pending] = [:]
    private var readsAwaitingApply: [(index: LogIndex, pending: Pending)] = []
    private var membershipChanges: [LogIndex: (term: Term, pending: Pending)] = [:]
    private var transfers: [(target: RaftMemberID, pending: Pending)] = []
    private let timeoutSeconds: Double

    init(timeoutSeconds: Double) {
        self.timeoutSeconds = timeoutSeconds
    }

    mutating func awaitProposal(number: UInt64, _ waiter: RaftNodeWaiter, deadline: UInt64) {
        proposals[number] = Pending(waiter: waiter, deadline: deadline)
    }

    mutating func awaitReadIndex(number: UInt64, _ waiter: RaftNodeWaiter, deadline: UInt64) {
        readsAwaitingIndex[number] = Pending(waiter: waiter, deadline: deadline)
    }

    /// A change appended at `index` in `term`: only the entry of that term there is it.
    mutating func awaitMembershipChange(at index: LogIndex, term: Term, _ waiter: RaftNodeWaiter, deadline: UInt64) {
        membershipChanges[index] = (term, Pending(waiter: waiter, deadline: deadline))
    }

    mutating func awaitLeadership(of target: RaftMemberID, _ waiter: RaftNodeWaiter, deadline: UInt64) {
        transfers.append((target, Pending(waiter: waiter, deadline: deadline)))
    }

    /// The entry of this member's proposal `number` applied with `reply`.
    mutating func proposalApplied(number: UInt64, reply: [UInt8]) {
        proposals.removeValue(forKey: number)?.waiter.resume(returning: .success(reply))
    }

    /// The membership change entry at `index`, of `term`, applied: the waiting change took
    /// effect if it is that entry; a new leader replaced it otherwise.
    mutating func membershipChangeApplied(at index: LogIndex, term: Term) {
        guard let (expectedTerm, pending) = membershipChanges.removeValue(forKey: index) else { return }
        pending.waiter.resume(returning: term == expectedTerm ? .success([]) : .failure(.superseded))
    }

    /// The leader confirmed reads: each may be served once the state machine applied its index
    /// (`applied(through:)` answers them).
    mutating func readsConfirmed(_ states: [RaftReadState]) {
        for state in states where state.context.count == 8 {
            guard let pending = readsAwaitingIndex.removeValue(forKey: state.context.littleEndianInteger(at: 0, byteCount: 8)) else {
                continue
            }
            readsAwaitingApply.append((state.index, pending))
        }
    }

    /// The state machine applied through `index`: answer the reads waiting for it.
    mutating func applied(through index: LogIndex) {
        readsAwaitingApply.removeAll { read in
            guard read.index <= index else { return false }
            read.pending.waiter.resume(returning: .success([]))
            return true
        }
    }

    /// Answers transfers whose target now leads.
    mutating func leaderIs(_ leader: RaftMemberID?) {
        transfers.removeAll { transfer in
            guard transfer.target == leader else { return false }
            transfer.pending.waiter.resume(returning: .success([]))
            return true
        }
    }

    /// The leader changed: pending proposals and reads are answered `.leaderChanged` at once,
    /// so that callers retry with the new leader instead of waiting for their deadline (a
    /// proposal forwarded to a leader that died is lost without a word).
    mutating func leaderChanged() {
        for pending in Array(proposals.values) + Array(readsAwaitingIndex.values) {
            pending.waiter.resume(returning: .failure(.leaderChanged))
        }
        proposals = [:]
        readsAwaitingIndex = [:]
    }

    /// Fails every request whose deadline is at or before `tick`.
    mutating func expire(atTick tick: UInt64) {
        let timedOut = RaftNodeError.timedOut(seconds: timeoutSeconds)
        func isOverdue(_ pending: Pending) -> Bool {
            guard pending.deadline <= tick else { return false }
            pending.waiter.resume(returning: .failure(timedOut))
            return true
        }
        proposals = proposals.filter { !isOverdue($0.value) }
        readsAwaitingIndex = readsAwaitingIndex.filter { !isOverdue($0.value) }
        readsAwaitingApply.removeAll { isOverdue($0.pending) }
        membershipChanges = membershipChanges.filter { !isOverdue($0.value.pending) }
        transfers.removeAll { isOverdue($0.pending) }
    }

    /// Fails every request with `error` (the node stops).
    mutating func failAll(_ error: RaftNodeError) {
        let waiters = proposals.values.map(\.waiter) + readsAwaitingIndex.values.map(\.waiter) + readsAwaitingApply.map(\.pending.waiter)
            + membershipChanges.values.map(\.pending.waiter) + transfers.map(\.pending.waiter)
        for waiter in waiters { waiter.resume(returning: .failure(error)) }
        self = RaftNodeRequests(timeoutSeconds: timeoutSeconds)
    }
}
