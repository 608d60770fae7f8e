import RaftCore
import RaftTypes

/// A group of Raft members driven by one seeded generator through a hostile network (loss,
/// duplication, reordering, partitions) and crashes that lose whatever was not yet persisted,
/// with proposals and linearizable reads at any member and leadership transfers, checking
/// Raft's safety properties after every step, and that no read is stale. The same seed replays
/// the same run.
struct RaftSimulation {
    /// How hostile a run is; each seed draws its own.
    struct Faults {
        var dropPercent: Int
        var duplicatePercent: Int
        var crashPerMille: Int
        var partitionPerMille: Int
    }

    let seed: UInt64
    let memberIDs: [RaftMemberID]
    /// The group at the start: three voters; any other member starts outside it, to be added.
    let initialMembership: RaftMembership
    var faults: Faults
    private(set) var members: [RaftMemberID: SimulatedMember] = [:]
    private var random: RaftRandom
    private var inFlight: [RaftMessage] = []
    private var cutLinks: Set<[UInt64]> = []
    private var checker = SafetyChecker()
    private var proposals: UInt64 = 0
    /// For each read asked: the highest commit index any member knew when it was asked.
    private var readFloors: [[UInt8]: LogIndex] = [:]
    private(set) var readsConfirmed = 0
    /// Membership changes the leaders applied.
    private(set) var membershipChanges = 0
    /// Snapshots taken, by what they cover: their data travels beside the snapshot messages.
    private var snapshotData: [RaftSnapshotMetadata: [LogEntry]] = [:]
    /// Snapshots members installed from a leader.
    private(set) var snapshotsInstalled = 0
    private(set) var stepCount = 0

    init(seed: UInt64, memberCount: Int) {
        self.seed = seed
        var random = RaftRandom(seed: seed)
        // Each seed draws its own weather: some runs barely lose a message, others crash often.
        self.faults = Faults(
            dropPercent: Int.random(in: 0...10, using: &random),
            duplicatePercent: Int.random(in: 0...5, using: &random),
            crashPerMille: Int.random(in: 1...12, using: &random),
            partitionPerMille: Int.random(in: 1...10, using: &random)
        )
        self.random = random
        self.memberIDs = (1...memberCount).map { RaftMemberID(UInt64($0)) }
        self.initialMembership = RaftMembership(voters: Set(memberIDs.prefix(3)))
        for id in memberIDs {
            var member = SimulatedMember(id: id)
            member.start(membership: initialMembership, configuration: configuration(for: id), seed: seed &+ id.rawValue)
            members[id] = member
        }
    }

    private func configuration(for id: RaftMemberID) -> RaftConfiguration {
        RaftConfiguration(id: id, electionTicks: 10...20, heartbeatTicks: 1, inflightAppendLimit: 4, appendByteLimit: 64)
    }

    /// Entries any member applied, by index: what the group committed.
    var committedCount: Int { checker.committedCount }

    // MARK: - Running

    /// Runs `count` random steps with faults; returns the first safety violation.
    mutating func run(steps count: Int) -> String? {
        for _ in 0..<count {
            if let violation = step(withFaults: true) { return violation }
        }
        return nil
    }

    /// Heals everything (restarts crashed members, joins partitions, stops losing messages) and
    /// runs until a marker proposal is applied by every member of the group (as its leader
    /// sees it), at most `limit` steps; returns a violation, or a liveness failure.
    mutating func heal(limit: Int) -> String? {
        cutLinks = []
        for id in memberIDs where members[id]?.raft == nil { restart(id) }
        let marker = Array("healed".utf8)
        for step in 0..<limit {
            if let violation = self.step(withFaults: false) { return violation }
            guard let leader = memberIDs.first(where: { members[$0]?.raft?.role == .leader }),
                let group = members[leader]?.raft?.membership.all
            else { continue }
            // Proposed again now and then: a proposal can be lost with a leader.
            if step % 2_000 == 0, !memberIDs.contains(where: { members[$0]?.applied.contains { $0.data == marker } == true }) {
                _ = try? members[leader]?.raft?.propose(marker)
            }
            if group.allSatisfy({ members[$0]?.applied.contains { $0.data == marker } == true }) { return nil }
        }
        return "no progress after healing for \(limit) steps: \(checker.committedCount) committed; \(summary)"
    }

    /// Each member's role, term, log and applied count, for failure messages.
    var summary: String {
        memberIDs.map { id in
            guard let member = members[id], let raft = member.raft else { return "\(id): down" }
            let vote = raft.vote.map(String.init(describing:)) ?? "-"
            let leader = raft.leader.map(String.init(describing:)) ?? "-"
            return "\(id): \(raft.role) term \(raft.term) vote \(vote) leader \(leader) "
                + "last \(raft.log.lastIndex)/\(raft.log.lastTerm) commit \(raft.log.committed) applied \(member.applied.count) "
                + "voters \(raft.membership.voters.map(\.rawValue).sorted()) learners \(raft.membership.learners.map(\.rawValue).sorted())"
                + (raft.role == .leader ? " [\(raft.replicationSummary)] in flight \(inFlight.count)" : "")
        }.joined(separator: "; ")
    }

    private mutating func step(withFaults: Bool) -> String? {
        stepCount += 1
        let roll = Int.random(in: 0..<1000, using: &random)
        switch roll {
        case 0..<300:
            tick(randomMember())
        case 300..<700:
            deliver(withFaults: withFaults)
        case 700..<950:
            if let violation = processReady(of: randomMember(), withFaults: withFaults) { return violation }
        case 950..<975:
            propose(at: randomMember())
        case 975..<985:
            requestRead(at: randomMember())
        case 985..<987:
            changeMembership()
        case 987..<988:
            takeSnapshot(at: randomMember())
        case 988..<990:
            // Transfers only in the hostile phase: healing must show convergence on its own.
            if withFaults, let leader = memberIDs.first(where: { members[$0]?.raft?.role == .leader }) {
                let target = randomMember()
                try? members[leader]?.raft?.transferLeadership(to: target)
            }
        default:
            if withFaults { injectFault() }
        }
        return checker.check(members: memberIDs.compactMap { members[$0] })
    }

    private mutating func randomMember() -> RaftMemberID {
        memberIDs[Int.random(in: 0..<memberIDs.count, using: &random)]
    }

    private mutating func tick(_ id: RaftMemberID) {
        members[id]?.raft?.tick()
    }

    private mutating func requestRead(at id: RaftMemberID) {
        let context = withUnsafeBytes(of: UInt64(readFloors.count + 1).littleEndian) { Array($0) }
        let known = memberIDs.compactMap { members[$0]?.raft?.log.committed }.max() ?? .zero
        guard (try? members[id]?.raft?.requestRead(context: context)) != nil else { return }
        readFloors[context] = known
    }

    /// Checks reads confirmed to a member: each must cover every commit known when it was asked.
    private mutating func checkReads(_ states: [RaftReadState], at id: RaftMemberID) -> String? {
        for state in states {
            readsConfirmed += 1
            guard let floor = readFloors[state.context] else { return "member \(id) got a read nobody asked for" }
            if state.index < floor {
                return "stale read: member \(id) may serve a read at index \(state.index), but index \(floor) was committed before it was asked"
            }
        }
        return nil
    }

    @discardableResult
    private mutating func propose(at id: RaftMemberID) -> Bool {
        proposals += 1
        let data = withUnsafeBytes(of: proposals.littleEndian) { Array($0) }
        return (try? members[id]?.raft?.propose(data)) != nil
    }

    /// Delivers some of the messages in flight, in random order: the network reorders freely.
    /// The more are queued, the more arrive per step, so queues stay short as in a real network.
    private mutating func deliver(withFaults: Bool) {
        for _ in 0..<max(1, inFlight.count / 8) where !inFlight.isEmpty {
            let message = inFlight.remove(at: Int.random(in: 0..<inFlight.count, using: &random))
            var isLost = false
            if withFaults {
                isLost = Int.random(in: 0..<100, using: &random) < faults.dropPercent
                if !isLost, Int.random(in: 0..<100, using: &random) < faults.duplicatePercent { inFlight.append(message) }
            }
            guard !isLost, !isCut(message.from, message.to), members[message.to]?.raft != nil else {
                // Lost, or nobody there to take it: a node streaming a snapshot learns that the stream broke.
                if case .snapshot = message.body { members[message.from]?.raft?.reportSnapshot(to: message.to, succeeded: false) }
                continue
            }
            members[message.to]?.raft?.step(message)
            if case .snapshot(let metadata) = message.body {
                // The data arrives with the message; it is kept if the member took the snapshot.
                if members[message.to]?.raft?.snapshot == metadata, let data = snapshotData[metadata] {
                    members[message.to]?.incomingSnapshot = SimulatedMember.StoredSnapshot(metadata: metadata, applied: data)
                }
                members[message.from]?.raft?.reportSnapshot(to: message.to, succeeded: true)
            }
        }
    }

    /// Carries out what `id` has ready: persists and sends it, then (now, or at a later step,
    /// with other messages and ticks in between) applies it and advances. With faults, may
    /// crash the member while it persists, keeping only part of the write.
    private mutating func processReady(of id: RaftMemberID, withFaults: Bool) -> String? {
        if members[id]?.unappliedReady != nil { return applyReady(of: id) }
        if let violation = persistReady(of: id, withFaults: withFaults) { return violation }
        guard members[id]?.unappliedReady != nil, !withFaults || Bool.random(using: &random) else { return nil }
        return applyReady(of: id)
    }

    private mutating func persistReady(of id: RaftMemberID, withFaults: Bool) -> String? {
        guard var member = members[id], var raft = member.raft, raft.hasReady else { return nil }
        let ready = raft.ready()
        var received: SimulatedMember.StoredSnapshot?
        if let metadata = ready.snapshot {
            guard let incoming = member.incomingSnapshot, incoming.metadata == metadata else {
                return "member \(id) is to install a snapshot whose data never arrived"
            }
            received = incoming
            member.incomingSnapshot = nil
        }
        if withFaults, Int.random(in: 0..<1000, using: &random) < faults.crashPerMille {
            let records = ready.entries.count + (ready.hardState == nil ? 0 : 1)
            member.persist(ready, received: received, recordLimit: Int.random(in: 0...records, using: &random))
            if let state = ready.hardState, member.hardState == state, let violation = checker.checkPersisted(state, by: id) {
                return violation
            }
            member.raft = nil
            members[id] = member
            return nil
        }
        member.persist(ready, received: received)
        if let state = ready.hardState, let violation = checker.checkPersisted(state, by: id) { return violation }
        if let received {
            member.applied = received.applied
            snapshotsInstalled += 1
            if let violation = checker.checkApplied(received.applied, by: id) { return violation }
        }
        for message in ready.messages {
            guard isCut(message.from, message.to) else {
                inFlight.append(message)
                continue
            }
            // A snapshot stream that cannot even start fails at once.
            if case .snapshot = message.body { raft.reportSnapshot(to: message.to, succeeded: false) }
        }
        member.unappliedReady = ready
        member.raft = raft
        members[id] = member
        return nil
    }

    private mutating func applyReady(of id: RaftMemberID) -> String? {
        guard var member = members[id], var raft = member.raft, let ready = member.unappliedReady else { return nil }
        member.applied += ready.committedEntries
        if raft.role == .leader {
            membershipChanges += ready.committedEntries.filter { $0.kind == .configurationChange }.count
        }
        raft.advance(ready)
        member.raft = raft
        member.unappliedReady = nil
        members[id] = member
        if let violation = checkReads(ready.readStates, at: id) { return violation }
        return checker.checkApplied(ready.committedEntries, by: id)
    }

    private mutating func injectFault() {
        let id = randomMember()
        if members[id]?.raft == nil {
            restart(id)
        } else if Int.random(in: 0..<1000, using: &random) < faults.crashPerMille * 25 {
            members[id]?.raft = nil
        } else if Int.random(in: 0..<1000, using: &random) < faults.partitionPerMille * 25 {
            repartition()
        }
    }

    private mutating func restart(_ id: RaftMemberID) {
        let configuration = configuration(for: id)
        members[id]?.start(membership: initialMembership, configuration: configuration, seed: seed &+ id.rawValue)
        checker.forgetLog(of: id)
        // As a node does at startup: replay what is committed before doing anything else.
        _ = processReady(of: id, withFaults: false)
    }

    /// The leader proposes one membership change that fits the group: add a stranger as a
    /// learner, promote a learner, or remove a member. Voters are removed only from groups of
    /// more than three: with two voters, a crash while one is removed can leave the other
    /// unable to win an election (a limit of Raft itself, not of this implementation).
    private mutating func takeSnapshot(at id: RaftMemberID) {
        members[id]?.takeSnapshot()
        if let snapshot = members[id]?.snapshot { snapshotData[snapshot.metadata] = snapshot.applied }
    }

    private mutating func changeMembership() {
        guard let leader = memberIDs.first(where: { members[$0]?.raft?.role == .leader }),
            let membership = members[leader]?.raft?.membership
        else { return }
        let member = randomMember()
        let change: RaftMembershipChange =
            if membership.learners.contains(member) {
                Bool.random(using: &random) ? .promote(member) : .remove(member)
            } else if membership.voters.contains(member) {
                membership.voters.count > 3 ? .remove(member) : .addLearner(member)
            } else {
                .addLearner(member)
            }
        _ = try? members[leader]?.raft?.proposeMembershipChange(change)
    }

    /// Splits the members into two random sides (or heals, one time in three).
    private mutating func repartition() {
        cutLinks = []
        guard Int.random(in: 0..<3, using: &random) != 0 else { return }
        let side = Set(memberIDs.filter { _ in Bool.random(using: &random) })
        for a in memberIDs {
            for b in memberIDs where a != b && side.contains(a) != side.contains(b) {
                cutLinks.insert([a.rawValue, b.rawValue])
            }
        }
    }

    private func isCut(_ a: RaftMemberID, _ b: RaftMemberID) -> Bool {
        cutLinks.contains([a.rawValue, b.rawValue])
    }
}
