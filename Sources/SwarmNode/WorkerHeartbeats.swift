import Logging
import SwarmTransport
import Synchronization

/// A worker's heartbeats: a session with the leader, each heartbeat at the period the previous
/// answer set. A manager that does not lead names the leader, and the next session goes there;
/// after a failure the next goes to the next manager the swarm last listed, after a wait that
/// grows while failures go on (`SessionRetry`), so a worker follows a failover within a few
/// periods without joining a stampede. Each answer lists the managers (kept in
/// `state.json` through `managersChanged`) and the role the swarm wants: `promoted` is called
/// while it is manager.
struct WorkerHeartbeats {
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
        let known = KnownManagers(managers)
        let retry = SessionRetry()
        var next = 0
        var target = managers[0]
        while !Task.isCancelled {
            do throws(any Error) {
                let client = try DispatcherClient(manager: target, identity: identity.value)
                let session = target
                let ended: HeartbeatAnswer?
                do {
                    ended = try await client.session { answer in
                        if retry.answered() { logger.notice("heartbeats reach a manager again", metadata: ["manager": "\(session)"]) }
                        await self.take(answer, from: session, known: known)
                        return answer.leaderAddress == nil
                    }
                } catch {
                    client.abandon()
                    throw error
                }
                await client.close()
                if let leader = ended?.leaderAddress.flatMap(TransportAddress.init) {
                    target = leader
                    continue
                }
                try? await Task.sleep(for: SessionRetry.firstWait)
            } catch where !Task.isCancelled {
                let (wasFine, wait) = retry.failed()
                if wasFine { logger.warning("heartbeats failed; trying the next manager", metadata: ["manager": "\(target)", "error": "\(error)"]) }
                try? await Task.sleep(for: wait)
            } catch {
                break
            }
            // The session failed, or the manager ended it: the next manager the swarm listed.
            let candidates = known.addresses
            next = (next + 1) % candidates.count
            target = candidates[next]
        }
    }

    /// Keeps the managers an answer lists, and starts a promotion it asks for.
    private func take(_ answer: HeartbeatAnswer, from manager: TransportAddress, known: KnownManagers) async {
        if known.replace(with: answer.managerAddresses.compactMap(TransportAddress.init)) { await managersChanged(answer.managerAddresses) }
        if answer.leaderAddress == nil, answer.desiredRole == .manager { await promoted(manager) }
    }
}

/// The managers a worker knows, as the latest answer listed them.
private final class KnownManagers: Sendable {
    private let list: Mutex<[TransportAddress]>

    init(_ addresses: [TransportAddress]) {
        list = Mutex(addresses)
    }

    var addresses: [TransportAddress] { list.withLock { $0 } }

    /// Replaces the list with `listed` (unless empty); returns whether it changed.
    func replace(with listed: [TransportAddress]) -> Bool {
        list.withLock { managers in
            guard !listed.isEmpty, Set(listed) != Set(managers) else { return false }
            managers = listed
            return true
        }
    }
}
