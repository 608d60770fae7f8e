import Logging
import SwarmStorage
import SwarmTransport
import SystemPackage

/// A worker's runtime: its own key store and credentials, heartbeats to the leader, the managers
/// it knows, and certificate renewal.
extension SwarmNode {
    /// Creates the worker's own key store (setting aside one a crash left) and keeps the
    /// worker's credentials in it, sealed with its data key.
    func saveWorkerCredentials(_ identity: TransportIdentity) throws(SwarmNodeError) {
        try setAside([workerDirectory])
        let keys: KeyStore
        do {
            keys = try KeyStore.create(in: workerDirectory, protection: .none)
        } catch {
            throw .storage("creating the worker's key store in \(workerDirectory) failed: \(error)")
        }
        try NodeCredentials(identity: identity, secretsKey: nil).save(in: workerDirectory, sealedWith: keys.ring.current)
    }

    /// The worker's credentials, opened with its own key store.
    func loadWorkerCredentials() throws(SwarmNodeError) -> NodeCredentials {
        try NodeCredentials.load(from: workerDirectory, keys: try openWorkerKeys().ring)
    }

    /// The worker's own key store.
    private func openWorkerKeys() throws(SwarmNodeError) -> KeyStore {
        do {
            return try KeyStore.open(in: workerDirectory, unlockKey: nil)
        } catch {
            throw .storage("opening the worker's key store in \(workerDirectory) failed: \(error)")
        }
    }

    /// Opens the worker's credentials and starts its heartbeats and certificate renewal.
    func startWorker(state: NodeStateFile) throws(SwarmNodeError) {
        let identity = CurrentIdentity(try loadWorkerCredentials().identity)
        workerIdentity = identity
        let managers = state.managers
        guard !managers.isEmpty else {
            throw .unreadableState(path: NodeStateFile.path(in: configuration.dataDirectory).string, reason: "it names no manager to reach")
        }
        let heartbeats = WorkerHeartbeats(
            managers: managers, identity: identity, logger: logger,
            managersChanged: { [weak self] addresses in await self?.recordManagers(addresses) },
            promoted: { [weak self] leader in
                guard let self else { return }
                Task { await self.promote(through: leader) }
            }
        )
        let renewal = CertificateRenewal(
            current: { identity.value },
            renew: { [weak self] in try await self?.renewWorkerCertificate(identity) },
            request: renewalRequest, logger: logger
        )
        phase = .worker(
            state,
            heartbeats: Task {
                async let beating: Void = heartbeats.run()
                async let renewing: Void = renewal.run()
                _ = await (beating, renewing)
            }
        )
    }

    /// Gets a new worker certificate from a manager, keeps it sealed in the worker's key store
    /// and uses it for the next connections.
    private func renewWorkerCertificate(_ identity: CurrentIdentity) async throws {
        guard case .worker(let state, _) = phase else { return }
        let joined = try await renewCertificate(through: state.managers, identity: identity.value, advertise: state.advertiseAddress, as: .worker)
        try NodeCredentials(identity: joined.identity, secretsKey: nil).save(in: workerDirectory, sealedWith: try openWorkerKeys().ring.current)
        identity.value = joined.identity
    }

    /// Keeps the swarm's current managers in `state.json`, for the next start.
    private func recordManagers(_ addresses: [String]) {
        guard case .worker(var state, let heartbeats) = phase else { return }
        state.managerAddresses = addresses
        do {
            try state.save(in: configuration.dataDirectory)
            phase = .worker(state, heartbeats: heartbeats)
        } catch {
            logger.warning("the swarm's managers could not be recorded", metadata: ["error": "\(error)"])
        }
    }
}
