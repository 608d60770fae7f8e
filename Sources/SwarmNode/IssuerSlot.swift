import Synchronization
import SwarmManager
import SwarmTransport

/// The CA's issuer for the transport, which starts before the control API exists: joins are
/// refused as unavailable until the control API is attached.
final class IssuerSlot: NodeCertificateIssuer {
    private let control = Mutex<ControlAPI?>(nil)

    func attach(_ control: ControlAPI) {
        self.control.withLock { $0 = control }
    }

    func rootCACertificatePEM() async throws(JoinRefusal) -> String {
        try await attached().rootCACertificatePEM()
    }

    func issue(for application: JoinApplication) async throws(JoinRefusal) -> IssuedNodeCertificate {
        try await attached().issue(for: application)
    }

    private func attached() throws(JoinRefusal) -> ControlAPI {
        guard let control = control.withLock({ $0 }) else { throw JoinRefusal(.unavailable, "the manager is still starting; retry in a moment") }
        return control
    }
}
