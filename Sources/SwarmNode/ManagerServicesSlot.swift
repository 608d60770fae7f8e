import RaftCore
import RaftNode
import RaftTypes
import Synchronization
import SwarmManager
import SwarmTransport

/// The CA and dispatcher behind the transport, which starts before the control API exists:
/// calls are refused as unavailable until they are attached. A joining manager is also added
/// to the Raft group here, as a learner (`MembershipReconciler` promotes it once caught up).
final class ManagerServicesSlot: NodeCertificateIssuer, HeartbeatReceiver {
    private struct Services {
        let control: ControlAPI
        let dispatcher: Dispatcher
        let raft: RaftNode
        let transport: RaftTransport
    }

    private let services = Mutex<Services?>(nil)

    func attach(control: ControlAPI, dispatcher: Dispatcher, raft: RaftNode, transport: RaftTransport) {
        services.withLock { $0 = Services(control: control, dispatcher: dispatcher, raft: raft, transport: transport) }
    }

    func rootCACertificatePEM() async throws(JoinRefusal) -> String {
        try await attached().control.rootCACertificatePEM()
    }

    func issue(for application: JoinApplication) async throws(JoinRefusal) -> IssuedNodeCertificate {
        let services = try attached()
        let issued = try await services.control.issue(for: application)
        guard let admission = issued.manager else { return issued }
        let member = RaftMemberID(admission.raftMemberID)
        do {
            guard let address = TransportAddress(application.advertiseAddress) else {
                throw JoinRefusal(.invalidRequest, "the joining manager's advertise address \(application.advertiseAddress.prefix(80)) is not HOST:PORT")
            }
            try services.transport.setPeer(member, address: address)
            try await services.raft.changeMembership(.addLearner(member))
            return issued
        } catch {
            await services.transport.removePeer(member)
            try? await services.control.discardJoiningManager(issued.nodeID)
            if let refusal = error as? JoinRefusal { throw refusal }
            throw JoinRefusal(.unavailable, "adding the new manager to the Raft group failed: \(error); join again")
        }
    }

    func heartbeat(from nodeID: String) async throws(HeartbeatRefusal) -> Duration {
        guard let dispatcher = services.withLock({ $0?.dispatcher }) else { throw HeartbeatRefusal(.unavailable, Self.starting) }
        return try await dispatcher.heartbeat(from: nodeID)
    }

    private func attached() throws(JoinRefusal) -> Services {
        guard let services = services.withLock({ $0 }) else { throw JoinRefusal(.unavailable, Self.starting) }
        return services
    }

    private static let starting = "the manager is still starting; retry in a moment"
}
