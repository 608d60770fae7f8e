import Dispatch
import Foundation
import Logging
import SwarmNode

/// `SIGHUP` makes swarmd renew its node certificate now (for example after
/// `docker swarm update --cert-expiry`), instead of at its scheduled point.
enum HangupSignal {
    /// Starts handling `SIGHUP` for `node`; keep the returned source until shutdown.
    static func renewCertificates(of node: SwarmNode, logger: Logger) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP)
        source.setEventHandler {
            logger.notice("SIGHUP: renewing the node certificate now")
            node.renewCertificateNow()
        }
        source.resume()
        return source
    }
}
