import SwarmState
import SwarmTransport

extension NodeSpec.Role {
    /// The role as a node certificate's OU names it.
    var transportRole: TransportRole {
        switch self {
        case .manager: .manager
        case .worker: .worker
        }
    }
}
