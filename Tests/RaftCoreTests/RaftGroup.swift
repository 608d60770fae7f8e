import RaftCore
import RaftTypes

/// A small group of members wired together without faults, for tests of single behaviours:
/// every ready is persisted (in memory), its messages delivered, unless a member is isolated.
struct RaftGroup {
    private(set) var members: [RaftMemberID: Raft] = [:]
    var isolated: Set<RaftMemberID> = []
    private var inFlight: [RaftMessage] = []
    /// Messages delivered so far, for tests that count round trips.
    private(set) var delivered: [RaftMessage] = []
    /// Reads each member was told it may serve, in order.
    var readStates: [RaftMemberID: [RaftReadState]] = [:]
    private var newlyApplied: [RaftMemberID: [LogEntry]] = [:]
    /// Snapshots each member was told to install, in order.
    private(set) var installedSnapshots: [RaftMemberID: [RaftSnapshotMetadata]] = [:]

    init(count: Int, configuration: (RaftMemberID) -> RaftConfiguration = { RaftConfiguration(id: $0) }) {
        let ids = Set((1...count).map { RaftMemberID(UInt64($0)) })
        for id in ids {
            members[id] = Raft(configuration: configuration(id), membership: RaftMembership(voters: ids), randomSeed: id.rawValue)
        }
    }

    init(_ members: [Raft]) {
        for raft in members { self.members[raft.id] = raft }
    }

    var leaders: [RaftMemberID] { members.values.filter { $0.role == .leader }.map(\.id) }

    subscript(id: RaftMemberID) -> Raft { members[id]! }

    /// Persists and sends what every member has ready, delivers, and repeats until nothing is
    /// left (at most `rounds` times).
    mutating func settle(rounds: Int = 1_000) {
        for _ in 0..<rounds {
            var anything = false
            for id in members.keys.sorted(by: { $0.rawValue < $1.rawValue }) where members[id]!.hasReady {
                let ready = takeReady(of: id)
                readStates[id, default: []] += ready.readStates
                newlyApplied[id, default: []] += ready.committedEntries
                if let snapshot = ready.snapshot { installedSnapshots[id, default: []].append(snapshot) }
                anything = true
            }
            let messages = inFlight
            inFlight = []
            for message in messages where !isolated.contains(message.from) && !isolated.contains(message.to) {
                delivered.append(message)
                members[message.to]?.step(message)
                anything = true
            }
            if !anything { return }
        }
    }

    /// Ticks every member once, then settles.
    mutating func tick(times: Int = 1) {
        for _ in 0..<times {
            for id in members.keys { members[id]!.tick() }
            settle()
        }
    }

    /// Ticks until exactly one member leads (at most `limit` ticks); returns it.
    mutating func electLeader(limit: Int = 200) -> RaftMemberID? {
        for _ in 0..<limit {
            tick()
            let current = leaders.filter { !isolated.contains($0) }
            if current.count == 1 { return current[0] }
        }
        return nil
    }

    /// No single leader emerged within the tick limit.
    struct NoLeaderElected: Error {}

    /// Ticks until one member leads, or throws.
    mutating func requireLeader(limit: Int = 200) throws -> RaftMemberID {
        guard let leader = electLeader(limit: limit) else { throw NoLeaderElected() }
        return leader
    }

    /// Proposes at `id`; returns the new entry's index when `id` leads, nil when it forwarded.
    @discardableResult
    mutating func propose(_ data: [UInt8], at id: RaftMemberID) throws(RaftProposalError) -> LogIndex? {
        guard case .appended(let index) = try members[id]!.propose(data) else { return nil }
        return index
    }

    /// What `id`'s next ready holds, carried out (persisted, sent) like `settle` does.
    mutating func takeReady(of id: RaftMemberID) -> RaftReady {
        let ready = members[id]!.ready()
        members[id]!.advance(ready)
        inFlight += ready.messages
        return ready
    }

    /// Committed entries `id` was handed since the last call.
    mutating func appliedEntries(of id: RaftMemberID) -> [LogEntry] {
        defer { newlyApplied[id] = [] }
        return newlyApplied[id] ?? []
    }

    mutating func compact(through metadata: RaftSnapshotMetadata, at id: RaftMemberID) {
        members[id]!.compact(through: metadata)
    }

    mutating func proposeMembershipChange(_ change: RaftMembershipChange, at id: RaftMemberID) throws(RaftProposalError) -> LogIndex {
        try members[id]!.proposeMembershipChange(change)
    }

    mutating func requestRead(_ context: [UInt8], at id: RaftMemberID) throws(RaftProposalError) {
        try members[id]!.requestRead(context: context)
    }

    mutating func transferLeadership(from id: RaftMemberID, to target: RaftMemberID) throws(RaftProposalError) {
        try members[id]!.transferLeadership(to: target)
    }
}
