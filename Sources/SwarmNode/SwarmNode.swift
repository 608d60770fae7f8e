public import DockerAPI
import Foundation
public import Logging
public import SwarmManager
import RaftTypes
import SwarmAgent
import SwarmExecutors
import SwarmState
import SwarmCrypto
import SwarmStorage
import SwarmTransport
import SwarmFileSystem
import SystemPackage

/// One host's swarmd: outside any swarm until `swarm init` makes it a manager; a manager
/// restarts as one. The composition root: it owns the manager's runtime and serves the Docker
/// API's swarm verbs.
public actor SwarmNode: DockerBackend {
    enum Phase {
        case inactive
        /// `swarm init` is under way (other calls see the node as pending).
        case founding
        case manager(ManagerRuntime, NodeStateFile)
        /// An autolocked manager waiting for its unlock key; `isUnlocking` while one is tried.
        case locked(NodeStateFile, isUnlocking: Bool)
        /// `swarm join` is under way.
        case joining
        case worker(NodeStateFile, heartbeats: Task<Void, Never>)
        /// A promotion or demotion is under way.
        case changingRole(NodeStateFile)
    }

    public nonisolated let host: HostFacts
    let configuration: NodeConfiguration
    let logger: Logger
    var phase = Phase.inactive {
        didSet { startAgentIfInSwarm() }
    }
    /// The agent and the task running it, once the node has a role in a swarm.
    var agent: (Agent, Task<Void, Never>)?
    /// A worker's certificate as renewals replace it.
    var workerIdentity: CurrentIdentity?
    var unlockAttempts = UnlockAttemptLimiter()
    /// This process's hold on the data directory, from the start on: no second swarmd writes
    /// beside this one.
    private var dataDirectoryLock: DataDirectoryLock?
    /// A force-new-cluster to carry out before the manager next starts (`--force-new-cluster`,
    /// kept until a locked manager is unlocked), at these addresses.
    var pendingForceNewCluster: ManagerRestoration.Addresses?
    /// Asks the running manager's or worker's certificate renewal to renew now.
    let renewalRequest = RenewalRequest()
    /// The registries images come from (Docker Hub's through the mirror, if one is set).
    let registry: RegistryClient

    var raftDirectory: FilePath { configuration.dataDirectory.appending("raft") }
    /// A worker's own key store, whose data key seals its credentials.
    var workerDirectory: FilePath { configuration.dataDirectory.appending("worker") }

    /// Opens the node's data directory and, if the node is a manager, starts it.
    public static func start(configuration: NodeConfiguration, logger: Logger) async throws(SwarmNodeError) -> SwarmNode {
        let registries: RegistryEndpoints
        do {
            registries = try RegistryEndpoints(mirror: configuration.registryMirror)
        } catch {
            throw .startFailed("--registry-mirror: \(error)")
        }
        let node = SwarmNode(configuration: configuration, registries: registries, logger: logger)
        try await node.resume()
        return node
    }

    init(configuration: NodeConfiguration, registries: RegistryEndpoints, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.host = HostFacts.probe(hostname: configuration.hostname)
        self.registry = RegistryClient(endpoints: registries, logger: logger)
        if configuration.forceNewCluster {
            pendingForceNewCluster = ManagerRestoration.Addresses(listen: configuration.listenAddress, advertise: configuration.advertiseAddress)
        }
    }

    func resume() async throws(SwarmNodeError) {
        do {
            try FileSystemCalls.makeDirectoryIfMissing(configuration.dataDirectory, permissions: [.ownerReadWriteExecute])
        } catch {
            throw .storage("creating the data directory failed: \(error)")
        }
        do {
            dataDirectoryLock = try DataDirectoryLock.acquire(configuration.dataDirectory)
        } catch {
            throw .dataDirectoryUnavailable(error)
        }
        let state = try NodeStateFile.load(from: configuration.dataDirectory)
        if pendingForceNewCluster != nil, state?.role != NodeStateFile.managerRole {
            logger.error("--force-new-cluster is ignored: only a manager's data directory holds a swarm's state to recover, and this is not one")
            pendingForceNewCluster = nil
        }
        guard let state else {
            logger.info("not part of a swarm; waiting for swarm init or join")
            return
        }
        if state.role == NodeStateFile.workerRole {
            removeLeftovers([raftDirectory, managerCredentialsPath])
            try startWorker(state: state)
            logger.info("worker resumed", metadata: ["node": "\(state.nodeID)"])
            return
        }
        removeLeftovers([workerDirectory])
        let bootKey = bootUnlockKey()
        do {
            try await startManager(state: state, unlockKey: bootKey)
        } catch .locked {
            phase = .locked(state, isUnlocking: false)
            logger.notice("this manager is locked: unlock it with docker swarm unlock, --unlock-key-file or the unlock-key credential")
        } catch .wrongUnlockKey {
            phase = .locked(state, isUnlocking: false)
            logger.error("the unlock key file does not open this manager's data keys; it stays locked until unlocked with the current key")
        }
    }

    /// Opens the storage (with `unlockKey` if it is autolocked) and starts the manager on it.
    func startManager(state: NodeStateFile, unlockKey: UnlockKey?) async throws(SwarmNodeError) {
        var state = state
        if let addresses = pendingForceNewCluster {
            state = try await rebuildAsOnlyManager(state: state, unlockKey: unlockKey, addresses: addresses)
            pendingForceNewCluster = nil
        }
        let (storage, usedKey) = try openStorage(unlockKey: unlockKey)
        let credentials: NodeCredentials
        do {
            credentials = try NodeCredentials.load(from: configuration.dataDirectory, keys: storage.keys.ring)
        } catch {
            storage.close()
            throw error
        }
        let runtime = try await startManagerRuntime(state: state, credentials: credentials, storage: storage, unlockKey: usedKey, bootstrap: false)
        phase = .manager(runtime, state)
        logger.info("manager started", metadata: ["node": "\(state.nodeID)", "listen": "\(state.listenAddress)"])
    }

    /// Starts a manager's runtime (see `ManagerRuntime.start`) that steps this node down to a
    /// worker when the swarm demotes it.
    func startManagerRuntime(
        state: NodeStateFile, credentials: NodeCredentials, storage: RaftStorage, unlockKey: UnlockKey?, bootstrap: Bool
    ) async throws(SwarmNodeError) -> ManagerRuntime {
        try await ManagerRuntime.start(
            state: state, credentials: credentials, credentialsDirectory: configuration.dataDirectory, storage: storage, unlockKey: unlockKey,
            bootstrap: bootstrap, renewal: renewalRequest, logger: logger,
            demoted: { [weak self] in
                guard let self else { return }
                Task { await self.stepDownToWorker() }
            }
        )
    }

    /// Opens the Raft storage, with `unlockKey` when its data keys are wrapped; returns the key
    /// it needed (nil when they are not wrapped, even if a key was given).
    func openStorage(unlockKey: UnlockKey?) throws(SwarmNodeError) -> (RaftStorage, UnlockKey?) {
        do {
            return (try RaftStorage(directory: raftDirectory, unlockKey: unlockKey), unlockKey)
        } catch .keys(.locked) {
            throw .locked
        } catch .keys(.wrongUnlockKey) {
            throw .wrongUnlockKey
        } catch .keys(.notLocked) {
            return try openStorage(unlockKey: nil)
        } catch {
            throw .storage("opening the Raft storage in \(raftDirectory) failed: \(error)")
        }
    }

    /// Renews the node's certificate now (`SIGHUP`), in the role the swarm has for it: after
    /// `docker swarm update --cert-expiry`, a node need not wait for its scheduled renewal.
    public nonisolated func renewCertificateNow() {
        renewalRequest.ask()
    }

    /// Stops the agent (its containers keep running) and the manager or worker, if running.
    public func shutdown() async {
        await stopAgent(removingContainers: false)
        switch phase {
        case .manager(let runtime, _):
            await runtime.stop()
        case .worker(_, let heartbeats):
            heartbeats.cancel()
            await heartbeats.value
        case .inactive, .founding, .joining, .locked, .changingRole:
            break
        }
        phase = .inactive
    }

    // MARK: DockerBackend

    public func swarmStatus() async -> SwarmStatus {
        switch phase {
        case .inactive: return .inactive
        case .founding: return SwarmStatus(state: .pending, nodeID: nil, nodeAddress: "", isManager: false, remoteManagers: [])
        case .locked(let state, _):
            return SwarmStatus(state: .locked, nodeID: NodeID(rawValue: state.nodeID), nodeAddress: "", isManager: true, remoteManagers: [])
        case .joining: return SwarmStatus(state: .pending, nodeID: nil, nodeAddress: "", isManager: false, remoteManagers: [])
        case .changingRole(let state):
            return SwarmStatus(state: .pending, nodeID: NodeID(rawValue: state.nodeID), nodeAddress: state.advertiseHost, isManager: false, remoteManagers: [])
        case .worker(let state, _):
            return SwarmStatus(state: .active, nodeID: NodeID(rawValue: state.nodeID), nodeAddress: state.advertiseHost, isManager: false, remoteManagers: [])
        case .manager(let runtime, let state):
            let managers = runtime.control.raftMembers().compactMap { node in node.managerStatus.map { (nodeID: node.id, address: $0.address) } }
            return SwarmStatus(
                state: .active, nodeID: NodeID(rawValue: state.nodeID), nodeAddress: state.advertiseHost, isManager: true, remoteManagers: managers
            )
        }
    }

    /// The control API, once this manager knows a leader: before that (just restarted, or cut
    /// off from a quorum) its store may lag, so calls fail as Docker's do without a leader.
    public func control() async throws(ControlError) -> ControlAPI {
        if case .locked = phase {
            throw ControlError(.unavailable, "\(SwarmNodeError.locked)")
        }
        if case .worker = phase {
            throw ControlError(
                .unavailable,
                "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager."
            )
        }
        guard case .manager(let runtime, _) = phase else {
            throw ControlError(
                .unavailable,
                "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again."
            )
        }
        guard await runtime.leader() != nil else {
            throw ControlError(.unavailable, "\(ReplicationError.noLeader)")
        }
        return runtime.control
    }

    public func raftView() async -> RaftView {
        guard case .manager(let runtime, _) = phase else { return RaftView(leaderMemberID: nil, unreachableMemberIDs: []) }
        let unreachable = runtime.transport.reachability().filter { !$0.value }.keys.map(\.rawValue)
        return RaftView(leaderMemberID: await runtime.leader(), unreachableMemberIDs: Set(unreachable))
    }

    func requireInactive() throws(ControlError) {
        guard case .inactive = phase else {
            throw ControlError(
                .unavailable, "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one."
            )
        }
    }

    /// Moves the storage an interrupted `swarm init` or `join` left (no `state.json`) out of the way.
    func setAsideInterruptedState() throws(SwarmNodeError) {
        try setAside([raftDirectory, workerDirectory, managerCredentialsPath])
    }

    /// Where a manager's credentials are kept (a worker's are in its key store's directory).
    var managerCredentialsPath: FilePath { configuration.dataDirectory.appending(NodeCredentials.fileName) }

    /// Moves those of `paths` that exist (what an interrupted init, join or role change left)
    /// out of the way, beside where they were.
    func setAside(_ paths: [FilePath]) throws(SwarmNodeError) {
        for path in paths.filter(FileSystemCalls.exists) {
            let aside = FilePath(path.string + ".interrupted-\(Int(Date().timeIntervalSince1970))")
            do {
                try FileSystemCalls.rename(path, to: aside)
            } catch {
                throw .storage("setting aside \(path), left by an interrupted swarm init, join or role change, failed: \(error)")
            }
            logger.warning("set aside state left by an interrupted swarm init, join or role change", metadata: ["path": "\(aside)"])
        }
    }
}
