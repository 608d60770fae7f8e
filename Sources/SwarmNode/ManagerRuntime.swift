import Logging
import RaftCore
import RaftNode
import RaftTypes
import SwarmCrypto
import SwarmManager
import SwarmState
import SwarmStorage
import SwarmTransport
import SystemPackage

/// A running manager: its Raft storage, transport, Raft node, store and control API, started
/// and stopped together.
final class ManagerRuntime: Sendable {
    let storage: RaftStorage
    let transport: RaftTransport
    let raft: RaftNode
    let store: SwarmStore
    let control: ControlAPI
    /// Which cluster version's autolock setting the data keys are wrapped for.
    let keyProtection: KeyProtectionProgress
    /// The unlock-key and membership reconcilers, the dispatcher's down-marking loop and the
    /// orchestration loop.
    private let background: [Task<Void, Never>]

    private init(
        storage: RaftStorage, transport: RaftTransport, raft: RaftNode, store: SwarmStore, control: ControlAPI, keyProtection: KeyProtectionProgress,
        background: [Task<Void, Never>]
    ) {
        self.storage = storage
        self.transport = transport
        self.raft = raft
        self.store = store
        self.control = control
        self.keyProtection = keyProtection
        self.background = background
    }

    /// Starts a manager over `storage` (opened with `unlockKey` when autolocked): a founder
    /// passes `bootstrap` (just itself); a restarting manager recovers from its snapshot and log.
    /// `demoted` is called (repeatedly, until the runtime stops) once the store records this
    /// node's demotion. The manager renews its certificate on schedule or when `renewal` asks,
    /// keeping the new credentials in `credentialsDirectory`. The storage is closed if the
    /// manager cannot start.
    static func start(
        state: NodeStateFile, credentials: NodeCredentials, credentialsDirectory: FilePath, storage: RaftStorage, unlockKey: UnlockKey?,
        bootstrap: Bool, renewal: RenewalRequest, logger: Logger, demoted: @escaping @Sendable () async -> Void
    ) async throws(SwarmNodeError) -> ManagerRuntime {
        guard let listenAddress = TransportAddress(state.listenAddress) else {
            throw .startFailed("the listen address \(state.listenAddress) is not HOST:PORT")
        }
        guard let secretsKey = credentials.secretsKey else { throw .startFailed("the node's credentials hold no cluster secrets key: it is not a manager") }
        let services = ManagerServicesSlot()
        let transport: RaftTransport
        do {
            transport = try await RaftTransport.listen(
                on: listenAddress, identity: credentials.identity, clusterID: state.clusterID,
                services: ManagerServices(issuer: services, heartbeats: services, tasks: services, logs: services), logger: logger
            )
        } catch {
            storage.close()
            throw .startFailed("listening on \(listenAddress) failed: \(error) (is another swarmd using it? choose another with --listen-addr)")
        }
        let member = RaftMemberID(state.raftMemberID)
        let store = SwarmStore()
        let raft: RaftNode
        do {
            raft = try await RaftNode.start(
                configuration: RaftNodeConfiguration(raft: RaftConfiguration(id: member)), storage: storage, stateMachine: store,
                transport: transport, bootstrap: bootstrap ? [member] : nil, logger: logger
            )
        } catch {
            await transport.shutdown()
            storage.close()
            throw .startFailed("\(error)")
        }
        let control = ControlAPI(store: store, proposer: RaftProposer(node: raft), secretsKey: secretsKey)
        let dispatcher = Dispatcher(
            control: control, raftMemberID: member.rawValue, leader: { [raft] in await raft.status()?.leader?.rawValue },
            isReachable: { [transport] in transport.reachability()[RaftMemberID($0)] == true }
        )
        let leadership: @Sendable () async -> (isLeader: Bool, address: String?) = { [raft] in
            let leader = await raft.status()?.leader
            let address = control.raftMembers().compactMap(\.managerStatus).first { $0.raftMemberID == leader?.rawValue }?.address
            return (leader == raft.id, address)
        }
        let assignments = TaskAssignments(control: control, leader: leadership)
        let logs = LogBroker(control: control, leader: leadership)
        services.attach(control: control, dispatcher: dispatcher, assignments: assignments, logs: logs, raft: raft, transport: transport)
        let keyProtection = KeyProtectionProgress()
        let keys = UnlockKeyReconciler(storage: storage, store: store, control: control, raft: raft, progress: keyProtection, logger: logger)
        let membership = MembershipReconciler(
            raft: raft, transport: transport, control: control, nodeID: NodeID(rawValue: state.nodeID), demoted: demoted, logger: logger
        )
        let certificates = CertificateRenewal(
            current: { transport.currentIdentity },
            renew: {
                try await renewCertificate(
                    state: state, transport: transport, storage: storage, secretsKey: secretsKey, credentialsDirectory: credentialsDirectory
                )
            },
            request: renewal, logger: logger
        )
        let orchestration = Orchestration(control: control, isLeader: { [raft] in await raft.status()?.leader == raft.id })
        let background = [
            Task { await keys.run(current: unlockKey) }, Task { await dispatcher.run() }, Task { await membership.run() },
            Task { await certificates.run() }, Task { await orchestration.run() }, Task { await assignments.run() },
        ]
        return ManagerRuntime(
            storage: storage, transport: transport, raft: raft, store: store, control: control, keyProtection: keyProtection, background: background
        )
    }

    /// Gets a new manager certificate from this manager's own CA, keeps it sealed in
    /// `credentialsDirectory` and presents it from the next handshake on.
    private static func renewCertificate(
        state: NodeStateFile, transport: RaftTransport, storage: RaftStorage, secretsKey: SecretKey, credentialsDirectory: FilePath
    ) async throws {
        let local = transport.localDialAddress
        let joined = try await NodeJoiner.renew(through: local, identity: transport.currentIdentity, advertiseAddress: state.advertiseAddress)
        guard joined.issued.role == .manager else {
            throw SwarmNodeError.startFailed("the swarm issued a worker certificate: this manager is being demoted and steps down instead")
        }
        try NodeCredentials(identity: joined.identity, secretsKey: secretsKey).save(in: credentialsDirectory, sealedWith: storage.keys.ring.current)
        try transport.renewIdentity(joined.identity)
    }

    /// Waits until this member leads (a founder right after bootstrap), for at most `timeout`.
    func waitForLeadership(timeout: Duration) async throws(SwarmNodeError) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = await raft.status(), status.leader == raft.id { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
        throw .startFailed("the new Raft group elected no leader within \(timeout)")
    }

    /// Waits until this member votes (a new manager, once the leader promoted it), for at most
    /// `timeout`; returns whether it does.
    func waitUntilVoter(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = await raft.status(), status.membership.voters.contains(raft.id) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The leader's member ID as this manager knows it.
    func leader() async -> UInt64? {
        await raft.status()?.leader?.rawValue
    }

    func stop() async {
        for task in background { task.cancel() }
        for task in background { await task.value }
        await raft.stop()
        await transport.shutdown()
        storage.close()
    }
}
