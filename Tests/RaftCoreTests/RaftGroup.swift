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

    init(count: Int, configuration: (RaftMemberID) -> RaftConfiguration = { RaftConfiguration(id: $0) }) {
        let ids = Set((1...count).map { RaftMemberID(UInt64($0)) })
        for id in ids {
            members[id] = Raft(configuration: configuration(id), members: ids, randomSeed: id.rawValue)
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
                let ready = members[id]!.ready()
                members[id]!.advance(ready)
                inFlight += ready.messages
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

    mutating func propose(_ data: [UInt8], at id: RaftMemberID) throws(RaftProposalError) -> LogIndex {
        try members[id]!.propose(data)
    }
}
