public import DockerAPI
import RaftNode
import SwarmCrypto
public import SwarmManager
import SwarmState
import SwarmStorage
import SwarmFileSystem
import Logging
import SystemPackage

/// `--force-new-cluster`: a manager that lost its quorum becomes the only manager of its swarm,
/// keeping every object, secret, key and token. It works on an autolocked manager once its
/// unlock key is given (at start: `--unlock-key-file` or the credential; later:
/// `docker swarm unlock`), which Swarm cannot do (moby/moby#36852).
extension SwarmNode {
    /// `docker swarm init --force-new-cluster` on a running manager: stops it, rebuilds its
    /// storage as a one-manager group (at the request's addresses, if any) and starts it again.
    func forceNewCluster(_ request: SwarmInitRequest) async throws(ControlError) -> NodeID {
        switch phase {
        case .manager(let runtime, let state):
            let unlockKey = runtime.storage.keys.unlockKey
            phase = .changingRole(state)
            await runtime.stop()
            pendingForceNewCluster = ManagerRestoration.Addresses(
                listen: request.listenAddress.isEmpty || request.listenAddress == NodeConfiguration.cliDefaultListenAddress ? nil : request.listenAddress,
                advertise: request.advertiseAddress.isEmpty ? nil : request.advertiseAddress
            )
            do {
                try await startManager(state: state, unlockKey: unlockKey)
                if case .manager(let restarted, _) = phase { try await restarted.waitForLeadership(timeout: .seconds(10)) }
            } catch {
                // The storage is either untouched or rebuilt; the next start retries.
                phase = .locked(state, isUnlocking: false)
                throw ControlError(.internalFailure, "forcing a new cluster failed: \(error); restart swarmd with --force-new-cluster to retry")
            }
            return NodeID(rawValue: state.nodeID)
        case .locked:
            throw ControlError(
                .failedPrecondition,
                "this manager is locked: unlock it first (docker swarm unlock works without a quorum), then run docker swarm init --force-new-cluster again"
            )
        case .worker:
            throw ControlError(.failedPrecondition, "This node is not a swarm manager: only a manager can force a new cluster.")
        case .inactive:
            throw ControlError(.failedPrecondition, "This node is not part of a swarm: there is no cluster to force; use docker swarm init.")
        case .founding, .joining, .changingRole:
            throw ControlError(.unavailable, "this node is changing its role; retry in a moment")
        }
    }

    /// Rebuilds this manager's storage as the only member of its Raft group, from its committed
    /// state (uncommitted entries are dropped, as Swarm does), at `addresses`. Returns the
    /// node's new state. The storage must not be open.
    func rebuildAsOnlyManager(state: NodeStateFile, unlockKey: UnlockKey?, addresses: ManagerRestoration.Addresses) async throws(SwarmNodeError)
        -> NodeStateFile
    {
        let (keys, capture) = try OfflineStorage.committedState(in: raftDirectory, unlockKey: unlockKey)
        guard let tables = (capture.state as? SwarmStore.FrozenTables)?.tables else {
            preconditionFailure("a SwarmStore freezes into FrozenTables")
        }
        let credentials = try NodeCredentials.load(from: configuration.dataDirectory, keys: keys.ring)
        var newState = state
        try newState.move(to: addresses)
        let rebuilt = try RebuiltDataDirectory(in: configuration.dataDirectory, purpose: "force-new-cluster")
        let rebuild = SingleManagerRebuild(state: newState, credentials: credentials, contents: .tables(tables), index: capture.index, term: capture.term)
        do {
            _ = try await rebuild.write(into: rebuilt.staging, keysFrom: raftDirectory, unlockKey: keys.unlockKey, rotateKeys: false)
        } catch {
            try? FileSystemCalls.removeTree(rebuilt.staging)
            throw error
        }
        let replaced = try rebuilt.install()
        logger.notice(
            "forced a new cluster: this node is now the swarm's only manager",
            metadata: [
                "index": "\(capture.index)", "advertise": "\(newState.advertiseAddress)",
                "previous storage": "\(replaced.map { "\($0)" } ?? "none")",
            ]
        )
        return newState
    }
}
