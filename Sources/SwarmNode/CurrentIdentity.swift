import Synchronization
import SwarmTransport

/// A worker's identity as its renewal replaces it: connections opened after a renewal present
/// the new certificate.
final class CurrentIdentity: Sendable {
    private let identity: Mutex<TransportIdentity>

    init(_ identity: TransportIdentity) {
        self.identity = Mutex(identity)
    }

    var value: TransportIdentity {
        get { identity.withLock { $0 } }
        set { identity.withLock { $0 = newValue } }
    }
}
