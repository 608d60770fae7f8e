public import DockerAPI
import Foundation
public import Logging
public import SwarmManager
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
    }

    public nonisolated let host: HostFacts
    let configuration: NodeConfiguration
    let logger: Logger
    var phase = Phase.inactive
    var unlockAttempts = UnlockAttemptLimiter()

    var raftDirectory: FilePath { configuration.dataDirectory.appending("raft") }
    /// A worker's own key store, whose data key seals its credentials.
    var workerDirectory: FilePath { configuration.dataDirectory.appending("worker") }

    /// Opens the node's data directory and, if the node is a manager, starts it.
    public static func start(configuration: NodeConfiguration, logger: Logger) async throws(SwarmNodeError) -> SwarmNode {
        let node = SwarmNode(configuration: configuration, logger: logger)
        try await node.resume()
        return node
    }

    init(configuration: NodeConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.host = HostFacts.probe(hostname: configuration.hostname)
    }

    func resume() async throws(SwarmNodeError) {
        do {
            try FileSystemCalls.makeDirectoryIfMissing(configuration.dataDirectory, permissions: [.ownerReadWriteExecute])
        } catch {
            throw .storage("creating the data directory failed: \(error)")
        }
        guard let state = try NodeStateFile.load(from: configuration.dataDirectory) else {
            logger.info("not part of a swarm; waiting for swarm init or join")
            return
        }
        if state.role == NodeStateFile.workerRole {
            try startWorker(state: state)
            logger.info("worker resumed", metadata: ["node": "\(state.nodeID)"])
            return
        }
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
        let (storage, usedKey) = try openStorage(unlockKey: unlockKey)
        let credentials: NodeCredentials
        do {
            credentials = try NodeCredentials.load(from: configuration.dataDirectory, keys: storage.keys.ring)
        } catch {
            storage.close()
            throw error
        }
        let runtime = try await ManagerRuntime.start(
            state: state, credentials: credentials, storage: storage, unlockKey: usedKey, bootstrap: false, logger: logger
        )
        phase = .manager(runtime, state)
        logger.info("manager started", metadata: ["node": "\(state.nodeID)", "listen": "\(state.listenAddress)"])
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

    /// Stops the manager, if running.
    public func shutdown() async {
        switch phase {
        case .manager(let runtime, _):
            await runtime.stop()
        case .worker(_, let heartbeats):
            heartbeats.cancel()
            await heartbeats.value
        case .inactive, .founding, .joining, .locked:
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
        case .worker(let state, _):
            return SwarmStatus(state: .active, nodeID: NodeID(rawValue: state.nodeID), nodeAddress: state.advertiseHost, isManager: false, remoteManagers: [])
        case .manager(let runtime, let state):
            let managers = runtime.control.nodes().compactMap { node in node.managerStatus.map { (nodeID: node.id, address: $0.address) } }
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

    public func raftLeader() async -> UInt64? {
        guard case .manager(let runtime, _) = phase else { return nil }
        return await runtime.leader()
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
        let leftovers = [raftDirectory, workerDirectory, configuration.dataDirectory.appending(NodeCredentials.fileName)].filter(FileSystemCalls.exists)
        for path in leftovers {
            let aside = FilePath(path.string + ".interrupted-\(Int(Date().timeIntervalSince1970))")
            do {
                try FileSystemCalls.rename(path, to: aside)
            } catch {
                throw .storage("setting aside \(path) from an interrupted swarm init failed: \(error)")
            }
            logger.warning("set aside state from an interrupted swarm init", metadata: ["path": "\(aside)"])
        }
    }
}
