import Dispatch
import RaftTypes
import SwarmFileSystem
import Synchronization
import SystemPackage

/// Records of one enqueued call, waiting to be written.
struct PendingAppend {
    struct Record {
        let effect: WALRecordEffect
        let byteCount: Int
    }

    let bytes: [UInt8]
    let records: [Record]
    let ticket: AppendTicket
    /// The key that sealed the records (nil for plaintext benchmark logs).
    var keyID: DataKeyID?
    /// A request to start a new segment rather than records to write.
    var startsNewSegment = false
}

/// The state shared by callers and the group-commit thread, behind one lock held only for
/// bookkeeping (never across I/O).
struct WALState {
    var index: WALIndex
    var segments: [WALSegmentInfo]
    var keys: DataKeyRing
    /// The log as it will be once everything enqueued is written: appends are checked against it.
    var enqueuedFirstIndex: LogIndex
    var enqueuedLastIndex: LogIndex
    var pending: [PendingAppend] = []
    var failure: FileSystemError?
    var isClosed = false
    /// The commit thread is (about to be) asleep on `wakeups` and must be signalled once
    /// `pending` holds `wakeThreshold` appends, or when the log closes.
    var isCommitterWaiting = false
    /// How many queued appends are worth waking the commit thread for: one, except while it
    /// waits for a whole cohort of appenders (then each append would wake it for nothing).
    var wakeThreshold = 1
    var statistics = WALStatistics()
}

/// What the public `WriteAheadLog` and its group-commit thread share.
final class WALCore: Sendable {
    let directory: FilePath
    let sealing: WALRecordSealing
    let segmentByteCount: Int64
    let state: Mutex<WALState>
    /// The commit thread sleeps on it when there is nothing to write, or while it waits for a
    /// cohort of appenders; signalled only when the queue reaches `wakeThreshold` or the log
    /// closes, so a busy commit thread costs appenders no system call.
    let wakeups = DispatchSemaphore(value: 0)
    /// Signalled when the commit thread has exited.
    let exited = DispatchSemaphore(value: 0)

    init(directory: FilePath, sealing: WALRecordSealing, segmentByteCount: Int64, state: WALState) {
        self.directory = directory
        self.sealing = sealing
        self.segmentByteCount = segmentByteCount
        self.state = Mutex(state)
    }

    /// Queues `append` after checking it against the enqueued log; `firstEntryIndex` and
    /// `lastEntryIndex` describe its entries, `marker` a truncation or compaction it carries.
    func enqueue(_ append: PendingAppend, entries: ClosedRange<LogIndex>?, marker: WALRecordEffect?) throws(WriteAheadLogError) {
        let mustWake = try state.withLock { (state) throws(WriteAheadLogError) -> Bool in
            if let failure = state.failure { throw .failed(failure) }
            if state.isClosed { throw .closed }
            if let entries {
                guard entries.lowerBound >= state.enqueuedFirstIndex, entries.lowerBound <= state.enqueuedLastIndex.next else {
                    throw .invalidAppend(index: entries.lowerBound, firstIndex: state.enqueuedFirstIndex, lastIndex: state.enqueuedLastIndex)
                }
                state.enqueuedLastIndex = entries.upperBound
            }
            switch marker {
            case .truncation(let from):
                guard from >= state.enqueuedFirstIndex else {
                    throw .invalidAppend(index: from, firstIndex: state.enqueuedFirstIndex, lastIndex: state.enqueuedLastIndex)
                }
                state.enqueuedLastIndex = min(state.enqueuedLastIndex, from.previous)
            case .compaction(let through, _):
                state.enqueuedFirstIndex = max(state.enqueuedFirstIndex, through.next)
                state.enqueuedLastIndex = max(state.enqueuedLastIndex, through)
            default:
                break
            }
            state.pending.append(append)
            guard state.isCommitterWaiting, state.pending.count >= state.wakeThreshold else { return false }
            state.isCommitterWaiting = false
            return true
        }
        if mustWake { wakeups.signal() }
    }

    /// Stops the commit thread once it has written everything queued.
    func close() {
        let mustWake = state.withLock { state -> Bool in
            state.isClosed = true
            defer { state.isCommitterWaiting = false }
            return state.isCommitterWaiting
        }
        if mustWake { wakeups.signal() }
    }

    /// Blocks the commit thread until there is work; returns up to a batch of appends, or nil
    /// when the log closed (after everything queued was taken) or failed.
    ///
    /// `expectedCount` is how many appenders just got their batch back (the previous batch's
    /// size). When more than one did, they are likely to append again at once, so the thread
    /// waits up to `patience` for as many appends as that before writing: their appends then share
    /// one sync instead of splitting into two. A lone appender (`expectedCount` ≤ 1) is never
    /// made to wait.
    func nextBatch(expectedCount: Int, patience: Duration) -> [PendingAppend]? {
        let (seconds, attoseconds) = patience.components
        let deadline = DispatchTime.now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        var isPatient = expectedCount > 1
        while true {
            let batch = state.withLock { state -> [PendingAppend]?? in
                if state.failure != nil || (state.pending.isEmpty && state.isClosed) { return .some(nil) }
                // A closing log is written at once, whatever is queued.
                let wanted = isPatient && !state.isClosed ? expectedCount : 1
                guard state.pending.count >= wanted else {
                    state.isCommitterWaiting = true
                    state.wakeThreshold = wanted
                    return nil
                }
                return .some(takeBatch(from: &state))
            }
            if let batch { return batch }
            if isPatient {
                // Woken by an append, or out of patience: either way, look again.
                if wakeups.wait(timeout: deadline) == .timedOut {
                    isPatient = false
                    state.withLock { $0.isCommitterWaiting = false }
                }
            } else {
                wakeups.wait()
            }
        }
    }

    private func takeBatch(from state: inout WALState) -> [PendingAppend] {
        var byteCount = 0
        var taken = 0
        for append in state.pending {
            if taken > 0, byteCount + append.bytes.count > WALLimits.batchByteLimit { break }
            byteCount += append.bytes.count
            taken += 1
        }
        let batch = Array(state.pending.prefix(taken))
        state.pending.removeFirst(taken)
        return batch
    }

    /// Applies a durable batch to the index and tells its callers.
    func completeBatch(
        _ batch: [PendingAppend],
        placed: [(WALRecordEffect, WALEntryLocation?)],
        newSegments: [WALSegmentInfo],
        keyIDsBySegment: [UInt64: Set<DataKeyID>]
    ) {
        state.withLock { state in
            for (effect, location) in placed {
                let conflict = state.index.apply(effect, location: location)
                precondition(conflict == nil, "WAL: a checked append conflicts with the log: \(String(describing: conflict))")
            }
            state.segments += newSegments
            // Only the segments this batch wrote to (the newest ones), not every kept segment.
            for (sequence, keyIDs) in keyIDsBySegment {
                guard let index = state.segments.lastIndex(where: { $0.sequence == sequence }) else { continue }
                state.segments[index].keyIDs.formUnion(keyIDs)
            }
            state.statistics.appendsCommitted += batch.count
            state.statistics.batchesCommitted += 1
        }
        for append in batch { append.ticket.complete(.success(())) }
    }

    /// Records a write failure: this batch, everything queued and every later call fail.
    func fail(_ error: FileSystemError, batch: [PendingAppend]) {
        let queued = state.withLock { state -> [PendingAppend] in
            state.failure = error
            defer { state.pending.removeAll() }
            return state.pending
        }
        for append in batch + queued { append.ticket.complete(.failure(.failed(error))) }
    }

    /// Fails whatever is still queued when the commit thread stops for good.
    func failQueued(with error: WriteAheadLogError) {
        let queued = state.withLock { state -> [PendingAppend] in
            defer { state.pending.removeAll() }
            return state.pending
        }
        for append in queued { append.ticket.complete(.failure(error)) }
    }
}
