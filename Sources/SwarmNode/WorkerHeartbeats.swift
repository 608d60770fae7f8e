import Logging
import SwarmTransport

/// A worker's heartbeats, to the leader at the period it asks for. A manager that does not lead
/// names the leader, and heartbeats go there; after a failure they go to the next manager the
/// swarm last listed, one a second, so a worker follows a failover within a few periods. Each
/// answer lists the managers (kept in `state.json` through `managersChanged`) and the role the
/// swarm wants: `promoted` is called while it is manager.
struct WorkerHeartbeats {
    static let retryInterval = Duration.seconds(1)
    /// The pause before heartbeating to the leader a manager named.
    static let redirectPause = Duration.milliseconds(50)

    /// The managers to try, in order (at least one).
    let managers: [TransportAddress]
    /// The certificate new connections present (renewals replace it).
    let identity: CurrentIdentity
    let logger: Logger
    /// The swarm's managers changed to these `host:port`s.
    let managersChanged: @Sendable ([String]) async -> Void
    /// The swarm wants this worker to be a manager; the manager at the address leads. Must not
    /// wait for the heartbeats to stop.
    let promoted: @Sendable (TransportAddress) async -> Void

    /// Runs until cancelled.
    func run() async {
        var managers = managers
        var next = 0
        var target = managers[0]
        var connection: (address: TransportAddress, client: DispatcherClient)?
        var wasFailing = false
        while !Task.isCancelled {
            var wait = Self.retryInterval
            do {
                let client = try await Self.client(for: target, reusing: &connection, identity: identity)
                let answer = try await client.heartbeat(timeout: .seconds(5))
                if wasFailing { logger.notice("heartbeats reach a manager again", metadata: ["manager": "\(target)"]) }
                wasFailing = false
                let listed = answer.managerAddresses.compactMap(TransportAddress.init)
                if !listed.isEmpty, Set(listed) != Set(managers) {
                    managers = listed
                    await managersChanged(answer.managerAddresses)
                }
                if let leader = answer.leaderAddress.flatMap(TransportAddress.init) {
                    target = leader
                    wait = Self.redirectPause
                } else {
                    if answer.desiredRole == .manager { await promoted(target) }
                    wait = answer.period
                }
            } catch {
                if !wasFailing { logger.warning("a heartbeat failed; trying the next manager", metadata: ["manager": "\(target)", "error": "\(error)"]) }
                wasFailing = true
                next = (next + 1) % managers.count
                target = managers[next]
            }
            try? await Task.sleep(for: wait)
        }
        await connection?.client.close()
    }

    /// A dispatcher client for `address`: the open one if it goes there, else a new one (the
    /// old one closed).
    private static func client(
        for address: TransportAddress, reusing connection: inout (address: TransportAddress, client: DispatcherClient)?, identity: CurrentIdentity
    ) async throws -> DispatcherClient {
        if let connection, connection.address == address { return connection.client }
        await connection?.client.close()
        connection = nil
        let client = try DispatcherClient(manager: address, identity: identity.value)
        connection = (address, client)
        return client
    }
}
