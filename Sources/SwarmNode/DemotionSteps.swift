import Logging
import RaftCore
import RaftNode
import RaftTypes
import SwarmManager
import SwarmState
import SwarmTransport

/// The leader's part of `docker node demote`, one step per pass for each manager whose spec
/// says worker: a leader being demoted hands leadership to a caught-up voter first; then the
/// node is recorded as a worker (the demoted manager, still a member, applies that and steps
/// down); once it has that record (or cannot be reached) its Raft member is removed; last its
/// manager status goes.
struct DemotionSteps {
    let raft: RaftNode
    let transport: RaftTransport
    let control: ControlAPI
    let logger: Logger

    /// Takes the next step of every demotion under way (on the leader).
    func advance(_ status: RaftNodeStatus) async {
        for node in control.raftMembers() where node.spec.role == .worker {
            guard let managerStatus = node.managerStatus else { continue }
            let member = RaftMemberID(managerStatus.raftMemberID)
            do {
                if member == raft.id {
                    try await handOverLeadership(status)
                } else if node.role == .manager {
                    try await control.recordDemotion(of: node)
                } else if status.membership.all.contains(member) {
                    guard status.matchIndexes[member].map({ $0 >= status.committed }) == true || transport.reachability()[member] == false else {
                        continue
                    }
                    try await raft.changeMembership(.remove(member))
                    logger.notice("a demoted manager left the Raft group", metadata: ["node": "\(node.id)", "member": "\(member.rawValue)"])
                } else {
                    try await control.forgetManagerStatus(of: node)
                }
            } catch {
                logger.debug("a demotion step waits", metadata: ["node": "\(node.id)", "reason": "\(error)"])
            }
        }
    }

    /// Hands leadership to the voter whose log is furthest along.
    private func handOverLeadership(_ status: RaftNodeStatus) async throws {
        let candidates = status.membership.voters.subtracting([raft.id]).filter { transport.reachability()[$0] == true }
        guard let target = candidates.max(by: { (status.matchIndexes[$0] ?? .zero) < (status.matchIndexes[$1] ?? .zero) }) else {
            logger.warning("the leader is demoted but no other manager can take over yet")
            return
        }
        logger.notice("handing leadership over before this manager's demotion", metadata: ["to": "\(target.rawValue)"])
        try await raft.transferLeadership(to: target)
    }
}
