import Logging
import SwarmTransport

/// A worker's heartbeats to the manager it joined through, at the period the manager asks for;
/// after a failure it retries every second, so a manager that comes back sees the node again
/// within a period.
struct WorkerHeartbeats {
    static let retryInterval = Duration.seconds(1)

    let manager: TransportAddress
    let identity: TransportIdentity
    let logger: Logger

    /// Runs until cancelled.
    func run() async {
        let client: DispatcherClient
        do {
            client = try DispatcherClient(manager: manager, identity: identity)
        } catch {
            logger.error("cannot reach the dispatcher", metadata: ["manager": "\(manager)", "error": "\(error)"])
            return
        }
        var wasFailing = false
        while !Task.isCancelled {
            let wait: Duration
            do {
                wait = try await client.heartbeat(timeout: .seconds(5))
                if wasFailing { logger.notice("heartbeats reach the manager again", metadata: ["manager": "\(manager)"]) }
                wasFailing = false
            } catch {
                if !wasFailing { logger.warning("a heartbeat failed", metadata: ["manager": "\(manager)", "error": "\(error)"]) }
                wasFailing = true
                wait = Self.retryInterval
            }
            try? await Task.sleep(for: wait)
        }
        await client.close()
    }
}
