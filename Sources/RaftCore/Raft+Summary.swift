import RaftTypes

extension Raft {
    /// A leader's view of each follower's replication, for logs and failure messages.
    public var replicationSummary: String {
        progress.keys.sorted { $0.rawValue < $1.rawValue }.map { member in
            let state = progress[member]!
            return "\(member): \(state.state) match \(state.match) next \(state.next)\(state.isPaused ? " paused" : "")"
        }.joined(separator: ", ")
    }
}
