import Logging
import RaftCore
import RaftTypes
import SwarmStorage
import SwarmTransport

/// The node's single thread of control: takes batches of events from the inbox, feeds them to
/// the Raft core, and carries out each `Ready` in the core's order — install a received
/// snapshot, persist (one WAL write: entries, then the hard state), send, apply — then takes
/// snapshots when due. A leader sends before persisting (Raft thesis §10.2.1: its own copy
/// counts only once durable), so its disk write overlaps its followers'.
///
/// A storage failure stops the loop (fail-stop): every waiting caller gets the error.
final class RaftNodeLoop {
    private var raft: Raft
    private let configuration: RaftNodeConfiguration
    private let storage: RaftStorage
    private let stateMachine: any RaftStateMachine
    private let transport: RaftTransport
    private let inbox: RaftNodeInbox
    private let logger: Logger
    private var requests: RaftNodeRequests
    private var tickCount: UInt64 = 0
    private let requestTimeoutTicks: UInt64
    private var nextProposalNumber: UInt64
    /// The hard state last given to the WAL; commit-only changes wait for the next write.
    private var durableHardState: HardState
    private var latestHardState: HardState
    private var entryBytesSinceSnapshot = 0
    /// The leader as of the last batch (changes are logged, and fail pending requests).
    private var knownLeader: RaftMemberID?
    /// The size of the last snapshot this member wrote (0 before its first).
    private var lastSnapshotByteCount = 0
    /// The contents of snapshots leaders streamed in during this batch, until the core asks to
    /// install one (it may ignore some: stale terms, indexes already committed).
    private var receivedSnapshots: [RaftSnapshotMetadata: [UInt8]] = [:]
    /// The snapshot being written off the loop, if any (one at a time).
    private var snapshotWrite: Task<Void, Never>?
    /// A failure reported by an off-loop write: the loop stops with it.
    private var writeFailure: RaftNodeError?
    /// Ticks during which the commit index was newer than the one on disk.
    private var ticksWithUndurableCommit = 0
    /// A commit index no write carried to disk for this many ticks is written on its own, so a
    /// node at rest (stopped or killed) has on disk every commit it applied: a replay without a
    /// leader (force-new-cluster, cold backups) keeps exactly those entries.
    private static let commitFlushTicks = 2

    init(
        raft: Raft, configuration: RaftNodeConfiguration, storage: RaftStorage, stateMachine: any RaftStateMachine,
        transport: RaftTransport, inbox: RaftNodeInbox, logger: Logger
    ) {
        self.logger = logger
        self.raft = raft
        self.configuration = configuration
        self.storage = storage
        self.stateMachine = stateMachine
        self.transport = transport
        self.inbox = inbox
        self.requests = RaftNodeRequests(timeoutSeconds: configuration.requestTimeout / .seconds(1))
        self.requestTimeoutTicks = UInt64(max(1, (configuration.requestTimeout / configuration.tickInterval).rounded(.up)))
        self.nextProposalNumber = UInt64.random(in: 0...UInt64.max)
        self.durableHardState = storage.log.hardState
        self.latestHardState = storage.log.hardState
    }

    /// Runs until `stop` or a storage failure.
    func run() async {
        var stopError = RaftNodeError.stopped
        do throws(RaftNodeError) {
            try await processReadies()
            loop: for await _ in inbox.wakeups {
                let events = inbox.takeAll()
                for (position, event) in events.enumerated() {
                    if case .stop = event {
                        for later in events[(position + 1)...] { Self.refuse(later, with: stopError) }
                        break loop
                    }
                    handle(event)
                }
                if let writeFailure { throw writeFailure }
                try await processReadies()
                if ticksWithUndurableCommit >= Self.commitFlushTicks { try await persistHardState() }
            }
            if latestHardState != durableHardState { try await persistHardState() }
        } catch {
            logger.error("Raft node stopped", metadata: ["error": "\(error)"])
            stopError = error
        }
        await snapshotWrite?.value
        requests.failAll(stopError)
        for event in inbox.close() { Self.refuse(event, with: stopError) }
    }

    // MARK: - Events

    private func handle(_ event: RaftNodeEvent) {
        switch event {
        case .tick:
            if latestHardState != durableHardState { ticksWithUndurableCommit += 1 }
            raft.tick()
            tickCount += 1
            requests.expire(atTick: tickCount)
        case .messages(let messages):
            for message in messages { raft.step(message) }
        case .snapshot(let message, let contents):
            if case .snapshot(let metadata) = message.body { receivedSnapshots[metadata] = contents }
            raft.step(message)
        case .propose(let command, let waiter):
            let number = takeProposalNumber()
            let envelope = ProposalEnvelope(proposer: raft.id, number: number, command: command)
            attempt(waiter) { (raft) throws(RaftProposalError) in _ = try raft.propose(envelope.encoded) } then: {
                $0.awaitProposal(number: number, waiter, deadline: $1)
            }
        case .read(let waiter):
            let number = takeProposalNumber()
            var context: [UInt8] = []
            context.appendLittleEndian(number)
            attempt(waiter) { (raft) throws(RaftProposalError) in try raft.requestRead(context: context) } then: {
                $0.awaitReadIndex(number: number, waiter, deadline: $1)
            }
        case .transfer(let target, let waiter):
            attempt(waiter) { (raft) throws(RaftProposalError) in try raft.transferLeadership(to: target) } then: {
                $0.awaitLeadership(of: target, waiter, deadline: $1)
            }
        case .changeMembership(let change, let waiter):
            var index = LogIndex.zero
            attempt(waiter) { (raft) throws(RaftProposalError) in index = try raft.proposeMembershipChange(change) } then: { [term = raft.term] in
                $0.awaitMembershipChange(at: index, term: term, waiter, deadline: $1)
            }
        case .snapshotSent(let member, let succeeded):
            raft.reportSnapshot(to: member, succeeded: succeeded)
        case .snapshotSaved(let metadata, let byteCount, let failure):
            snapshotWrite = nil
            if let failure {
                writeFailure = failure
            } else {
                lastSnapshotByteCount = byteCount
                raft.compact(through: metadata)
            }
        case .status(let continuation):
            continuation.resume(returning: status)
        case .capture(let continuation):
            continuation.resume(returning: capture())
        case .stop:
            break
        }
    }

    /// The state machine frozen at the applied index, which is this loop's: nothing applies
    /// between reading the position and freezing.
    private func capture() -> RaftStateCapture? {
        let applied = raft.log.applied
        guard let point = raft.snapshotMetadata(through: applied) ?? raft.snapshot.flatMap({ $0.index == applied ? $0 : nil }) else {
            return nil
        }
        return RaftStateCapture(index: point.index, term: point.term, membership: point.membership, state: stateMachine.freeze())
    }

    /// Runs `request` on the core; on success registers the waiter with `register` (given the
    /// deadline), on refusal answers it at once.
    private func attempt(
        _ waiter: RaftNodeWaiter,
        _ request: (inout Raft) throws(RaftProposalError) -> Void,
        then register: (inout RaftNodeRequests, UInt64) -> Void
    ) {
        do {
            try request(&raft)
            register(&requests, tickCount + requestTimeoutTicks)
        } catch {
            waiter.resume(returning: .failure(.refused(error)))
        }
    }

    private func takeProposalNumber() -> UInt64 {
        defer { nextProposalNumber &+= 1 }
        return nextProposalNumber
    }

    private var status: RaftNodeStatus {
        RaftNodeStatus(
            id: raft.id, term: raft.term, role: raft.role, leader: raft.leader, membership: raft.membership,
            lastIndex: raft.log.lastIndex, committed: raft.log.committed, applied: raft.log.applied,
            snapshotIndex: raft.log.snapshotIndex,
            matchIndexes: raft.role == .leader
                ? Dictionary(uniqueKeysWithValues: raft.membership.all.filter { $0 != raft.id }.compactMap { member in raft.matchIndex(of: member).map { (member, $0) } })
                : [:]
        )
    }

    private static func refuse(_ event: RaftNodeEvent, with error: RaftNodeError) {
        switch event {
        case .propose(_, let waiter), .read(let waiter), .transfer(_, let waiter), .changeMembership(_, let waiter):
            waiter.resume(returning: .failure(error))
        case .status(let continuation):
            continuation.resume(returning: nil)
        case .capture(let continuation):
            continuation.resume(returning: nil)
        case .tick, .messages, .snapshot, .snapshotSent, .snapshotSaved, .stop:
            break
        }
    }

    // MARK: - Ready

    private func processReadies() async throws(RaftNodeError) {
        while raft.hasReady {
            let ready = raft.ready()
            if let snapshot = ready.snapshot { try await install(snapshot) }
            // A leader may send before its write only when the write changes no term or vote (a
            // single-voter group elects itself within one batch: its new term must be durable
            // before any message of that term leaves).
            let sendsFirst = raft.role == .leader && !(ready.hardState.map(changesTermOrVote) ?? false)
            if sendsFirst { send(ready.messages) }
            try await persist(ready)
            if !sendsFirst { send(ready.messages) }
            try apply(ready.committedEntries)
            requests.readsConfirmed(ready.readStates)
            raft.advance(ready)
            requests.applied(through: raft.log.applied)
            snapshotIfDue()
        }
        receivedSnapshots = [:]
        let leader = raft.role == .leader ? raft.id : raft.leader
        if leader != knownLeader {
            if knownLeader != nil { requests.leaderChanged() }
            knownLeader = leader
            logger.notice("Raft leader changed", metadata: ["term": "\(raft.term)", "leader": "\(leader.map { "\($0)" } ?? "none")"])
        }
        requests.leaderIs(leader)
    }

    private func persist(_ ready: RaftReady) async throws(RaftNodeError) {
        if let hardState = ready.hardState { latestHardState = hardState }
        // Only new entries, a new term or a new vote must be durable before anything is sent;
        // a commit index alone rides along with the next write (it can be relearned).
        guard !ready.entries.isEmpty || changesTermOrVote(latestHardState) else { return }
        do {
            try await storage.log.append(entries: ready.entries, hardState: latestHardState == durableHardState ? nil : latestHardState)
        } catch {
            throw .storage(error)
        }
        durableHardState = latestHardState
        ticksWithUndurableCommit = 0
        entryBytesSinceSnapshot += ready.entries.reduce(0) { $0 + $1.data.count }
    }

    /// Writes the latest hard state on its own (a commit index no entry write carried).
    private func persistHardState() async throws(RaftNodeError) {
        do {
            try await storage.log.append(entries: [], hardState: latestHardState)
        } catch {
            throw .storage(error)
        }
        durableHardState = latestHardState
        ticksWithUndurableCommit = 0
    }

    /// Whether `hardState` has another term or vote than the durable one: it must reach the
    /// disk before anything this member says in that term.
    private func changesTermOrVote(_ hardState: HardState) -> Bool {
        hardState.term != durableHardState.term || hardState.vote != durableHardState.vote
    }

    private func send(_ messages: [RaftMessage]) {
        guard !messages.isEmpty else { return }
        transport.send(messages.filter { if case .snapshot = $0.body { false } else { true } })
        for message in messages {
            guard case .snapshot(let metadata) = message.body else { continue }
            streamSnapshot(metadata, in: message)
        }
    }

    private func apply(_ entries: [LogEntry]) throws(RaftNodeError) {
        for entry in entries {
            switch entry.kind {
            case .configurationChange:
                requests.membershipChangeApplied(at: entry.index, term: entry.term)
            case .normal:
                guard let (envelope, reply) = try stateMachine.applyProposal(in: entry) else { continue }
                if envelope.proposer == raft.id { requests.proposalApplied(number: envelope.number, reply: reply) }
            }
        }
    }

    // MARK: - Snapshots

    /// Takes a snapshot when due (`isSnapshotDue`): freezes the state machine here, then encodes
    /// and writes the snapshot off the loop; the log is compacted when the write reports back
    /// (`.snapshotSaved`).
    private func snapshotIfDue() {
        guard snapshotWrite == nil, isSnapshotDue, let metadata = raft.snapshotMetadata(through: raft.log.applied) else { return }
        let frozen = stateMachine.freeze()
        entryBytesSinceSnapshot = 0
        let (storage, inbox) = (storage, inbox)
        snapshotWrite = Task {
            let image = SnapshotImage(membership: metadata.membership, stateMachineImage: frozen.image())
            let contents = image.encoded
            var failure: RaftNodeError?
            do {
                _ = try await storage.saveSnapshot(index: metadata.index, term: metadata.term, contents: SnapshotChunks(contents))
            } catch {
                failure = .storage(error)
            }
            inbox.post(.snapshotSaved(metadata, byteCount: contents.count, failure: failure))
        }
    }

    /// A snapshot is due once the log since the last one holds `snapshotByteInterval` bytes
    /// (64 MiB: replay and catch-up stay bounded), or at least `snapshotEntryInterval` entries
    /// (10,000, Swarm's default) that together are as large as the last snapshot: writing
    /// snapshots then never costs more than writing the log, however large the state grows.
    private var isSnapshotDue: Bool {
        let entriesSince = raft.log.applied.rawValue - raft.log.snapshotIndex.rawValue
        guard entriesSince > 0 else { return false }
        return entryBytesSinceSnapshot >= configuration.snapshotByteInterval
            || (entriesSince >= configuration.snapshotEntryInterval && entryBytesSinceSnapshot >= lastSnapshotByteCount)
    }

    /// Installs the snapshot a leader streamed in: stores it, compacts the log through it and
    /// loads the state machine from it.
    private func install(_ metadata: RaftSnapshotMetadata) async throws(RaftNodeError) {
        guard let contents = receivedSnapshots.removeValue(forKey: metadata) else {
            throw .badSnapshot("the core asked to install snapshot \(metadata.index) whose contents never arrived")
        }
        // The store takes one writer at a time: let a snapshot of our own finish first (its
        // report finds the log already past it and compacts nothing).
        await snapshotWrite?.value
        let image = try SnapshotImage(decoding: contents)
        guard image.membership == metadata.membership else {
            throw .badSnapshot("snapshot \(metadata.index) names other members than the leader's message")
        }
        do {
            _ = try await storage.installSnapshot(index: metadata.index, term: metadata.term, contents: SnapshotChunks(contents))
        } catch {
            throw .storage(error)
        }
        try stateMachine.restore(from: image, snapshotIndex: metadata.index)
        entryBytesSinceSnapshot = 0
    }

    /// Streams the stored snapshot `metadata` describes to the follower the message is for, and
    /// reports the outcome to the core through the inbox.
    private func streamSnapshot(_ metadata: RaftSnapshotMetadata, in message: RaftMessage) {
        let (storage, transport, inbox, logger) = (storage, transport, inbox, logger)
        Task {
            var succeeded = false
            do {
                if let stored = try storage.snapshots.latest(), stored.index == metadata.index {
                    let contents = try storage.contents(of: stored)
                    try await transport.sendSnapshot(message, contents: contents)
                    succeeded = true
                }
            } catch {
                logger.warning("streaming a snapshot failed; retrying later", metadata: ["to": "\(message.to)", "error": "\(error)"])
            }
            inbox.post(.snapshotSent(to: message.to, succeeded: succeeded))
        }
    }
}
