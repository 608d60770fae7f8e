import RaftCore
import RaftNode
import RaftTypes
import Synchronization
import SwarmManager
import SwarmTransport

/// The CA, dispatcher (heartbeats, assignments, task statuses) and log broker behind the transport, which
/// starts before the control API exists: calls are refused as unavailable until they are attached. A joining or promoted manager is
/// also added to the Raft group here, as a learner (`MembershipReconciler` promotes it once
/// caught up).
final class ManagerServicesSlot: NodeCertificateIssuer, HeartbeatReceiver, TaskDispatch, LogBrokering {
    private struct Services {
        let control: ControlAPI
        let dispatcher: Dispatcher
        let assignments: TaskAssignments
        let logs: LogBroker
        let raft: RaftNode
        let transport: RaftTransport
    }

    private let services = Mutex<Services?>(nil)

    func attach(control: ControlAPI, dispatcher: Dispatcher, assignments: TaskAssignments, logs: LogBroker, raft: RaftNode, transport: RaftTransport) {
        services.withLock {
            $0 = Services(control: control, dispatcher: dispatcher, assignments: assignments, logs: logs, raft: raft, transport: transport)
        }
    }

    func rootCACertificatePEM() async throws(RequestRefusal) -> String {
        try await attached().control.rootCACertificatePEM()
    }

    func issue(for application: JoinApplication) async throws(RequestRefusal) -> IssuedNodeCertificate {
        let services = try attached()
        let issued = try await services.control.issue(for: application)
        guard let admission = issued.manager else { return issued }
        do {
            try await admit(RaftMemberID(admission.raftMemberID), at: application.advertiseAddress, services)
            return issued
        } catch {
            await services.transport.removePeer(RaftMemberID(admission.raftMemberID))
            try? await services.control.discardJoiningManager(issued.nodeID)
            throw error
        }
    }

    /// A renewal; a promoted worker is added to the Raft group as a learner (unless a previous
    /// attempt already did: a retried promotion keeps its member ID).
    func renew(_ renewal: RenewalApplication) async throws(RequestRefusal) -> IssuedNodeCertificate {
        let services = try attached()
        let issued = try await services.control.renew(renewal)
        if let admission = issued.manager {
            try await admit(RaftMemberID(admission.raftMemberID), at: renewal.advertiseAddress, services)
        }
        return issued
    }

    /// Adds `member`, reached at `advertiseAddress`, to the transport and to the Raft group as a
    /// learner, if it is not in the group yet.
    private func admit(_ member: RaftMemberID, at advertiseAddress: String, _ services: Services) async throws(RequestRefusal) {
        guard let address = TransportAddress(advertiseAddress) else {
            throw RequestRefusal(.invalidRequest, "the new manager's advertise address \(advertiseAddress.prefix(80)) is not HOST:PORT")
        }
        do {
            try services.transport.setPeer(member, address: address)
            guard await services.raft.status()?.membership.all.contains(member) != true else { return }
            try await services.raft.changeMembership(.addLearner(member))
        } catch {
            throw RequestRefusal(.unavailable, "adding the new manager to the Raft group failed: \(error); retry")
        }
    }

    func heartbeat(from nodeID: String) async throws(RequestRefusal) -> HeartbeatAnswer {
        guard let dispatcher = services.withLock({ $0?.dispatcher }) else { throw RequestRefusal(.unavailable, Self.starting) }
        return try await dispatcher.heartbeat(from: nodeID)
    }

    func assignments(for nodeID: String) async throws(RequestRefusal) -> AssignmentSubscription {
        try await attached().assignments.assignments(for: nodeID)
    }

    func reportStatuses(_ reports: [TaskStatusReport], from nodeID: String) async throws(RequestRefusal) -> String? {
        try await attached().assignments.reportStatuses(reports, from: nodeID)
    }

    func subscribe(_ selector: LogSelector, options: LogOptions) async throws(RequestRefusal) -> LogFeed {
        try await attached().logs.subscribe(selector, options: options)
    }

    func listen(nodeID: String) async -> AsyncStream<LogSubscription>? {
        guard let logs = services.withLock({ $0?.logs }) else { return nil }
        return await logs.listen(nodeID: nodeID)
    }

    func publish(_ lines: [LogLine], subscriptionID: String, from nodeID: String, closing: Bool) async -> Bool {
        guard let logs = services.withLock({ $0?.logs }) else { return false }
        return await logs.publish(lines, subscriptionID: subscriptionID, from: nodeID, closing: closing)
    }

    private func attached() throws(RequestRefusal) -> Services {
        guard let services = services.withLock({ $0 }) else { throw RequestRefusal(.unavailable, Self.starting) }
        return services
    }

    private static let starting = "the manager is still starting; retry in a moment"
}
