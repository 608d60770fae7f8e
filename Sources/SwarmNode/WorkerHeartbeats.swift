import Logging
import SwarmTransport
import Synchronization

/// A worker's heartbeats: a session with a manager, each heartbeat at the period the previous
/// answer set. Any manager with a leader answers (and tells the leader), so after its first
/// answer a worker moves to a manager picked at random from the ones listed: sessions spread
/// over the managers instead of all landing on the one nodes joined through. After a failure
/// the next session goes to the next manager listed, one a second, so a worker follows a
/// failover within a few periods. Each answer lists the managers (kept in `state.json` through
/// `managersChanged`) and the role the swarm wants: `promoted` is called, with the leader's
/// address, while it is manager.
struct WorkerHeartbeats {
    static let retryInterval = Duration.seconds(1)

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
        var next = 0
        var target = managers[0]
        var wasFailing = false
        while !Task.isCancelled {
            do throws(any Error) {
                let client = try DispatcherClient(manager: target, identity: identity.value)
                let session = target
                do {
                    _ = try await client.session { answer in
                        await self.take(answer, known: known)
                        return !known.spreads(from: session)
                    }
                } catch {
                    await client.close()
                    throw error
                }
                await client.close()
                if wasFailing { logger.notice("heartbeats reach a manager again", metadata: ["manager": "\(target)"]) }
                wasFailing = false
                if let move = known.takeMove() {
                    target = move
                    continue
                }
            } catch where !Task.isCancelled {
                if !wasFailing { logger.warning("heartbeats failed; trying the next manager", metadata: ["manager": "\(target)", "error": "\(error)"]) }
                wasFailing = true
            } catch {
                break
            }
            let candidates = known.addresses
            next = (next + 1) % candidates.count
            target = candidates[next]
            try? await Task.sleep(for: Self.retryInterval)
        }
    }

    /// Keeps the managers an answer lists, and starts a promotion it asks for.
    private func take(_ answer: HeartbeatAnswer, known: KnownManagers) async {
        if known.replace(with: answer.managerAddresses.compactMap(TransportAddress.init)) { await managersChanged(answer.managerAddresses) }
        if answer.desiredRole == .manager, let leader = answer.leaderAddress.flatMap(TransportAddress.init) { await promoted(leader) }
    }
}

/// The managers a worker knows, as the latest answer listed them, and whether it has picked one
/// at random yet.
private final class KnownManagers: Sendable {
    private struct State {
        var addresses: [TransportAddress]
        var hasSpread = false
        var move: TransportAddress?
    }

    private let state: Mutex<State>

    init(_ addresses: [TransportAddress]) {
        state = Mutex(State(addresses: addresses))
    }

    var addresses: [TransportAddress] { state.withLock { $0.addresses } }

    /// Replaces the list with `listed` (unless empty); returns whether it changed.
    func replace(with listed: [TransportAddress]) -> Bool {
        state.withLock { state in
            guard !listed.isEmpty, Set(listed) != Set(state.addresses) else { return false }
            state.addresses = listed
            return true
        }
    }

    /// The first time only: picks a manager at random and, if it is not `current`, records the
    /// move and returns true (the session with `current` should end).
    func spreads(from current: TransportAddress) -> Bool {
        state.withLock { state in
            guard !state.hasSpread else { return false }
            state.hasSpread = true
            guard let pick = state.addresses.randomElement(), pick != current else { return false }
            state.move = pick
            return true
        }
    }

    /// The manager to move to, if a spread picked one (once).
    func takeMove() -> TransportAddress? {
        state.withLock { $0.move.take() }
    }
}
