import Synchronization
import SwarmManager
import SwarmTransport

/// The CA and dispatcher behind the transport, which starts before the control API exists:
/// calls are refused as unavailable until they are attached.
final class ManagerServicesSlot: NodeCertificateIssuer, HeartbeatReceiver {
    private let services = Mutex<(control: ControlAPI, dispatcher: Dispatcher)?>(nil)

    func attach(control: ControlAPI, dispatcher: Dispatcher) {
        services.withLock { $0 = (control, dispatcher) }
    }

    func rootCACertificatePEM() async throws(JoinRefusal) -> String {
        guard let control = services.withLock({ $0?.control }) else { throw JoinRefusal(.unavailable, Self.starting) }
        return try await control.rootCACertificatePEM()
    }

    func issue(for application: JoinApplication) async throws(JoinRefusal) -> IssuedNodeCertificate {
        guard let control = services.withLock({ $0?.control }) else { throw JoinRefusal(.unavailable, Self.starting) }
        return try await control.issue(for: application)
    }

    func heartbeat(from nodeID: String) async throws(HeartbeatRefusal) -> Duration {
        guard let dispatcher = services.withLock({ $0?.dispatcher }) else { throw HeartbeatRefusal(.unavailable, Self.starting) }
        return try await dispatcher.heartbeat(from: nodeID)
    }

    private static let starting = "the manager is still starting; retry in a moment"
}
