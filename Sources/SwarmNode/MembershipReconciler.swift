import Logging
import RaftCore
import RaftNode
import RaftTypes
import SwarmState
import SwarmTransport

/// Keeps the Raft transport and group in step with the store's manager nodes: every manager
/// knows every other manager's address, and the leader promotes a learner to voter once its log
/// has caught up with the leader's commit index.
struct MembershipReconciler {
    static let interval = Duration.milliseconds(300)

    let raft: RaftNode
    let transport: RaftTransport
    let store: SwarmStore
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        var known: [RaftMemberID: TransportAddress] = [:]
        while !Task.isCancelled {
            updatePeers(&known)
            await promoteCaughtUpLearners()
            try? await Task.sleep(for: Self.interval)
        }
    }

    private func updatePeers(_ known: inout [RaftMemberID: TransportAddress]) {
        for node in store.current.nodes.all {
            guard let status = node.managerStatus, RaftMemberID(status.raftMemberID) != raft.id,
                let address = TransportAddress(status.address), known[RaftMemberID(status.raftMemberID)] != address
            else { continue }
            do {
                try transport.setPeer(RaftMemberID(status.raftMemberID), address: address)
                known[RaftMemberID(status.raftMemberID)] = address
            } catch {
                logger.warning("a manager's address cannot be used", metadata: ["node": "\(node.id)", "error": "\(error)"])
            }
        }
    }

    private func promoteCaughtUpLearners() async {
        guard let status = await raft.status(), status.leader == raft.id else { return }
        for learner in status.membership.learners {
            guard let match = status.matchIndexes[learner], match >= status.committed else { continue }
            do {
                try await raft.changeMembership(.promote(learner))
                logger.notice("a new manager caught up and became a Raft voter", metadata: ["member": "\(learner.rawValue)"])
            } catch {
                logger.debug("promoting a learner waits", metadata: ["member": "\(learner.rawValue)", "reason": "\(error)"])
            }
        }
    }
}
