public import DockerAPI
import Foundation
public import Logging
public import SwarmManager
public import SwarmState
import SwarmCrypto
import SwarmStorage
import SwarmTransport
import SwarmFileSystem
import SystemPackage

/// One host's swarmd: outside any swarm until `swarm init` makes it a manager; a manager
/// restarts as one. The composition root: it owns the manager's runtime and serves the Docker
/// API's swarm verbs.
public actor SwarmNode: DockerBackend {
    private enum Phase {
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
    private let configuration: NodeConfiguration
    private let logger: Logger
    private var phase = Phase.inactive
    private var unlockAttempts = UnlockAttemptLimiter()

    private var raftDirectory: FilePath { configuration.dataDirectory.appending("raft") }
    /// A worker's own key store, whose data key seals its credentials.
    private var workerDirectory: FilePath { configuration.dataDirectory.appending("worker") }

    /// Opens the node's data directory and, if the node is a manager, starts it.
    public static func start(configuration: NodeConfiguration, logger: Logger) async throws(SwarmNodeError) -> SwarmNode {
        let node = SwarmNode(configuration: configuration, logger: logger)
        try await node.resume()
        return node
    }

    private init(configuration: NodeConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.host = HostFacts.probe(hostname: configuration.hostname)
    }

    private func resume() async throws(SwarmNodeError) {
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
    private func startManager(state: NodeStateFile, unlockKey: UnlockKey?) async throws(SwarmNodeError) {
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

    /// Opens the worker's key store and credentials and starts its heartbeats.
    private func startWorker(state: NodeStateFile) throws(SwarmNodeError) {
        let keys: KeyStore
        do {
            keys = try KeyStore.open(in: workerDirectory, unlockKey: nil)
        } catch {
            throw .storage("opening the worker's key store in \(workerDirectory) failed: \(error)")
        }
        let credentials = try NodeCredentials.load(from: configuration.dataDirectory, keys: keys.ring)
        guard let manager = state.managerAddresses?.first.flatMap(TransportAddress.init) else {
            throw .unreadableState(path: NodeStateFile.path(in: configuration.dataDirectory).string, reason: "it names no manager to reach")
        }
        let heartbeats = WorkerHeartbeats(manager: manager, identity: credentials.identity, logger: logger)
        phase = .worker(state, heartbeats: Task { await heartbeats.run() })
    }

    /// The unlock key from the first readable key file, if any (a malformed one is logged and
    /// skipped; the key itself never is).
    private func bootUnlockKey() -> UnlockKey? {
        for path in configuration.unlockKeyFiles where FileSystemCalls.exists(path) {
            do {
                let text = String(decoding: try AtomicFile.read(path, byteLimit: 4096), as: UTF8.self)
                return try UnlockKey(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                logger.error("the unlock key file cannot be used", metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
        return nil
    }

    /// Opens the Raft storage, with `unlockKey` when its data keys are wrapped; returns the key
    /// it needed (nil when they are not wrapped, even if a key was given).
    private func openStorage(unlockKey: UnlockKey?) throws(SwarmNodeError) -> (RaftStorage, UnlockKey?) {
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
            let host = state.advertiseAddress.split(separator: ":").dropLast().joined(separator: ":")
            return SwarmStatus(state: .active, nodeID: NodeID(rawValue: state.nodeID), nodeAddress: host, isManager: false, remoteManagers: [])
        case .manager(let runtime, let state):
            let managers = runtime.control.nodes().compactMap { node in node.managerStatus.map { (nodeID: node.id, address: $0.address) } }
            let host = state.advertiseAddress.split(separator: ":").dropLast().joined(separator: ":")
            return SwarmStatus(state: .active, nodeID: NodeID(rawValue: state.nodeID), nodeAddress: host, isManager: true, remoteManagers: managers)
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

    public func initialize(_ request: SwarmInitRequest) async throws(ControlError) -> NodeID {
        try requireInactive()
        try ControlAPI.validate(request.spec)
        let addresses = try SwarmAddresses(
            requestedListen: request.listenAddress, requestedAdvertise: request.advertiseAddress, configuration: configuration
        )
        phase = .founding
        do {
            let (runtime, state) = try await found(request: request, addresses: addresses)
            phase = .manager(runtime, state)
            logger.info("founded a swarm", metadata: ["cluster": "\(state.clusterID)", "node": "\(state.nodeID)"])
            return NodeID(rawValue: state.nodeID)
        } catch {
            phase = .inactive
            logger.error("swarm init failed: \(error)")
            throw error
        }
    }

    /// Creates the swarm's keys and storage, starts Raft as its only member, and commits the
    /// cluster and node objects; `state.json` is written last.
    private func found(request: SwarmInitRequest, addresses: SwarmAddresses) async throws(ControlError) -> (ManagerRuntime, NodeStateFile) {
        let founding = try SwarmFounding()
        var runtime: ManagerRuntime?
        do {
            try setAsideInterruptedState()
            let (storage, _) = try openStorage(unlockKey: nil)
            let state = NodeStateFile(
                nodeID: founding.nodeID.rawValue, clusterID: founding.clusterID.rawValue, role: NodeStateFile.managerRole,
                raftMemberID: UInt64.random(in: 1...UInt64.max), listenAddress: addresses.listen, advertiseAddress: addresses.advertise
            )
            let credentials = NodeCredentials(identity: founding.identity, secretsKey: founding.secretsKey)
            try credentials.save(in: configuration.dataDirectory, sealedWith: storage.keys.ring.current)
            let started = try await ManagerRuntime.start(
                state: state, credentials: credentials, storage: storage, unlockKey: nil, bootstrap: true, logger: logger
            )
            runtime = started
            try await started.waitForLeadership(timeout: .seconds(10))
            let description = Node.Description(
                hostname: host.hostname, architecture: host.architecture, operatingSystem: "linux", nanoCPUs: Int64(host.cpuCount) * 1_000_000_000,
                memoryBytes: host.memoryBytes, engineVersion: host.serverVersion
            )
            var spec = request.spec
            spec.encryptionConfig.autoLockManagers = spec.encryptionConfig.autoLockManagers || request.autoLockManagers
            try await started.control.commitFounding(
                founding, spec: spec, founder: description, availability: request.availability, address: addresses.advertise,
                raftMemberID: state.raftMemberID
            )
            try state.save(in: configuration.dataDirectory)
            return (started, state)
        } catch let error as ControlError {
            await runtime?.stop()
            throw error
        } catch {
            await runtime?.stop()
            throw ControlError(.internalFailure, "\(error)")
        }
    }

    private func requireInactive() throws(ControlError) {
        guard case .inactive = phase else {
            throw ControlError(
                .unavailable, "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one."
            )
        }
    }

    public func join(_ request: SwarmJoinRequest) async throws(ControlError) {
        try requireInactive()
        let token: JoinToken
        do {
            token = try JoinToken(parsing: request.joinToken)
        } catch {
            throw ControlError(.invalidArgument, "invalid join token: \(error)")
        }
        guard let remote = request.remoteAddresses.first.flatMap(Self.managerAddress) else {
            throw ControlError(.invalidArgument, "name a manager to join through, as HOST:PORT (RemoteAddrs is empty or not an address)")
        }
        let addresses = try SwarmAddresses(
            requestedListen: request.listenAddress, requestedAdvertise: request.advertiseAddress, configuration: configuration
        )
        phase = .joining
        do throws(ControlError) {
            let state = try await joinAsWorker(through: remote, token: token, availability: request.availability, addresses: addresses)
            do {
                try startWorker(state: state)
            } catch {
                throw ControlError(.internalFailure, "\(error)")
            }
            logger.info("joined a swarm as a worker", metadata: ["cluster": "\(state.clusterID)", "node": "\(state.nodeID)"])
        } catch {
            phase = .inactive
            throw error
        }
    }

    /// Gets a certificate from the manager at `remote`, then keeps it sealed with a worker key
    /// store of its own; `state.json` is written last.
    private func joinAsWorker(
        through remote: TransportAddress, token: JoinToken, availability: NodeSpec.Availability, addresses: SwarmAddresses
    ) async throws(ControlError) -> NodeStateFile {
        let host = self.host
        let joined: NodeJoiner.Joined
        do {
            joined = try await NodeJoiner.join(
                through: remote,
                application: { publicKey in
                    JoinApplication(
                        joinToken: token.revealedText(), publicKeyDER: publicKey, hostname: host.hostname, advertiseAddress: addresses.advertise,
                        availability: availability.rawValue, architecture: host.architecture, operatingSystem: "linux",
                        nanoCPUs: Int64(host.cpuCount) * 1_000_000_000, memoryBytes: host.memoryBytes, engineVersion: host.serverVersion
                    )
                },
                acceptsRoot: { token.matchesRootCA(certificatePEM: Array($0.utf8)) }
            )
        } catch {
            switch error {
            case .refused, .rootMismatch: throw ControlError(.invalidArgument, "\(error)")
            case .unreachable: throw ControlError(.unavailable, "\(error)")
            case .local: throw ControlError(.internalFailure, "\(error)")
            }
        }
        guard joined.issued.role == .worker else {
            throw ControlError(.internalFailure, "the manager issued a manager certificate, which this release cannot use yet")
        }
        do {
            try setAsideInterruptedState()
            let keys = try KeyStore.create(in: workerDirectory, protection: .none)
            try NodeCredentials(identity: joined.identity, secretsKey: nil).save(in: configuration.dataDirectory, sealedWith: keys.ring.current)
            let state = NodeStateFile(
                nodeID: joined.issued.nodeID, clusterID: joined.issued.clusterID, role: NodeStateFile.workerRole, raftMemberID: 0,
                listenAddress: addresses.listen, advertiseAddress: addresses.advertise, managerAddresses: ["\(remote)"]
            )
            try state.save(in: configuration.dataDirectory)
            return state
        } catch {
            throw ControlError(.internalFailure, "saving the node's swarm state failed: \(error)")
        }
    }

    /// `HOST[:PORT]` of a manager (port 2377 when absent).
    private static func managerAddress(_ text: String) -> TransportAddress? {
        TransportAddress(text) ?? TransportAddress("\(text):2377")
    }

    /// Moves the storage an interrupted `swarm init` or `join` left (no `state.json`) out of the way.
    private func setAsideInterruptedState() throws(SwarmNodeError) {
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

    public func leave(force: Bool) async throws(ControlError) {
        switch phase {
        case .inactive:
            throw ControlError(.unavailable, "This node is not part of a swarm")
        case .founding, .joining:
            throw ControlError(.unavailable, "swarm init or join is in progress on this node; retry when it finished")
        case .worker(_, let heartbeats):
            heartbeats.cancel()
            await heartbeats.value
            phase = .inactive
            do {
                try removeSwarmState()
            } catch {
                throw ControlError(.internalFailure, "\(error)")
            }
            logger.info("left the swarm")
        case .locked(_, let isUnlocking):
            guard force, !isUnlocking else {
                throw ControlError(
                    .unavailable,
                    "This node is a locked manager. Unlock it with \"docker swarm unlock\", or use `--force` to leave the swarm and erase this node's swarm state."
                )
            }
            phase = .inactive
            do {
                try removeSwarmState()
            } catch {
                throw ControlError(.internalFailure, "\(error)")
            }
            logger.info("left the swarm while locked")
        case .manager(let runtime, _):
            guard force else {
                throw ControlError(
                    .unavailable,
                    "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message."
                )
            }
            await runtime.stop()
            phase = .inactive
            do {
                try removeSwarmState()
            } catch {
                throw ControlError(.internalFailure, "\(error)")
            }
            logger.info("left the swarm")
        }
    }

    public func unlock(_ keyText: String) async throws(ControlError) {
        guard case .locked(let state, let isUnlocking) = phase else {
            throw ControlError(.failedPrecondition, "swarm is not locked: there is nothing to unlock")
        }
        guard !isUnlocking else { throw ControlError(.unavailable, "another unlock of this manager is in progress; retry in a moment") }
        if let wait = unlockAttempts.wait(at: .now) {
            let seconds = Int((wait / .seconds(1)).rounded(.up))
            throw ControlError(.rateLimited, "too many wrong unlock keys: try again in \(seconds) s")
        }
        let key: UnlockKey
        do {
            key = try UnlockKey(parsing: keyText.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw ControlError(.invalidArgument, "invalid unlock key: \(error)")
        }
        phase = .locked(state, isUnlocking: true)
        do {
            try await startManager(state: state, unlockKey: key)
            unlockAttempts.recordSuccess()
            logger.notice("manager unlocked")
        } catch .wrongUnlockKey {
            phase = .locked(state, isUnlocking: false)
            unlockAttempts.recordFailure(at: .now)
            logger.warning("a wrong unlock key was given")
            throw ControlError(.invalidArgument, "\(SwarmNodeError.wrongUnlockKey)")
        } catch {
            phase = .locked(state, isUnlocking: false)
            throw ControlError(.internalFailure, "\(error)")
        }
    }

    /// Deletes the node's swarm state, `state.json` first (so a crash midway leaves a node that
    /// is simply outside any swarm).
    private func removeSwarmState() throws {
        let directory = configuration.dataDirectory
        for name in [NodeStateFile.fileName, NodeCredentials.fileName] where FileSystemCalls.exists(directory.appending(name)) {
            try FileSystemCalls.removeFile(directory.appending(name))
        }
        for store in [raftDirectory, workerDirectory] where FileSystemCalls.exists(store) {
            try FileManager.default.removeItem(atPath: store.string)
        }
        try FileSystemCalls.synchronizeDirectory(directory)
    }
}
