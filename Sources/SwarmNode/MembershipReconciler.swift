import Logging
import RaftCore
import RaftNode
import RaftTypes
import SwarmManager
import SwarmState
import SwarmTransport

/// Keeps the Raft transport and group in step with the store's manager nodes: every manager
/// knows every other manager's address (and forgets removed ones), the leader promotes a learner
/// to voter once its log has caught up and carries out demotions (`DemotionSteps`), and a
/// manager the store records as demoted calls `demoted` — as does one that has known no leader
/// for `roleInquiryAfter` and hears from another manager that the swarm demoted it.
struct MembershipReconciler {
    static let interval = Duration.milliseconds(300)
    /// How long a manager goes without a leader before it asks the others for its role (and
    /// between two such questions).
    static let roleInquiryAfter = Duration.seconds(10)

    let raft: RaftNode
    let transport: RaftTransport
    let control: ControlAPI
    /// This manager's node.
    let nodeID: NodeID
    let demoted: @Sendable () async -> Void
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        var known: [RaftMemberID: TransportAddress] = [:]
        let demotions = DemotionSteps(raft: raft, transport: transport, control: control, logger: logger)
        var leaderOrInquirySeen = ContinuousClock.now
        while !Task.isCancelled {
            let status = await raft.status()
            await updatePeers(&known, members: status?.membership.all ?? [])
            if let status, status.leader == raft.id {
                await promoteCaughtUpLearners(status)
                await demotions.advance(status)
            }
            if (try? control.node(nodeID.rawValue))?.role == .worker {
                await demoted()
            } else if status?.leader != nil {
                leaderOrInquirySeen = .now
            } else if ContinuousClock.now - leaderOrInquirySeen >= Self.roleInquiryAfter {
                leaderOrInquirySeen = .now
                if await isDemotedByOthers() { await demoted() }
            }
            try? await Task.sleep(for: Self.interval)
        }
    }

    /// Whether another manager says the swarm wants this node as a worker.
    private func isDemotedByOthers() async -> Bool {
        let others = control.managerAddresses(otherThan: raft.id.rawValue)
        let role = await RoleInquiry(identity: transport.currentIdentity).desiredRole(asking: others)
        if role == .worker { logger.notice("another manager says this node was demoted while it was away; stepping down") }
        return role == .worker
    }

    /// Sets the address of every manager the store lists; forgets peers that are neither in
    /// the store nor `members` of the group (not before the store holds the cluster: a new
    /// manager's store is empty until the leader brings it up to date).
    private func updatePeers(_ known: inout [RaftMemberID: TransportAddress], members: Set<RaftMemberID>) async {
        var managers: Set<RaftMemberID> = []
        for node in control.raftMembers() {
            guard let status = node.managerStatus, RaftMemberID(status.raftMemberID) != raft.id else { continue }
            let member = RaftMemberID(status.raftMemberID)
            managers.insert(member)
            guard let address = TransportAddress(status.address), known[member] != address else { continue }
            do {
                try transport.setPeer(member, address: address)
                known[member] = address
            } catch {
                logger.warning("a manager's address cannot be used", metadata: ["node": "\(node.id)", "error": "\(error)"])
            }
        }
        guard (try? control.cluster()) != nil else { return }
        for member in transport.knownPeers.subtracting(managers).subtracting(members) {
            await transport.removePeer(member)
            known[member] = nil
        }
    }

    private func promoteCaughtUpLearners(_ status: RaftNodeStatus) async {
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
