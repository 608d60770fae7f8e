/// A node's role as its certificate states it (subject OU), as in Docker Swarm: managers run
/// Raft and the control API; workers only talk to the dispatcher.
public enum TransportRole: String, Sendable, CaseIterable {
    case manager = "swarm-manager"
    case worker = "swarm-worker"
}
