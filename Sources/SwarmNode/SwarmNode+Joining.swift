public import DockerAPI
import Foundation
import Logging
public import SwarmManager
import SwarmState
import RaftTypes
import SwarmCrypto
import SwarmStorage
import SwarmTransport
import SwarmFileSystem
import SystemPackage

/// `docker swarm join`, as a worker or a manager, and a worker's runtime (its heartbeats).
extension SwarmNode {
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
            let joined = try await requestCertificate(through: remote, token: token, availability: request.availability, addresses: addresses)
            if let admission = joined.issued.manager {
                do {
                    try setAsideInterruptedState()
                } catch {
                    throw ControlError(.internalFailure, "\(error)")
                }
                try await becomeManager(joined, admission: admission, listen: addresses.listen, advertise: addresses.advertise)
            } else {
                try becomeWorker(joined, through: remote, addresses: addresses)
            }
        } catch {
            phase = .inactive
            throw error
        }
    }

    /// Gets a certificate (and, for a manager, its Raft admission) from the manager at `remote`.
    private func requestCertificate(
        through remote: TransportAddress, token: JoinToken, availability: NodeSpec.Availability, addresses: SwarmAddresses
    ) async throws(ControlError) -> NodeJoiner.Joined {
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
        return joined
    }

    /// Keeps the worker's credentials sealed with a key store of its own, writes `state.json`
    /// last, and starts heartbeats.
    private func becomeWorker(_ joined: NodeJoiner.Joined, through remote: TransportAddress, addresses: SwarmAddresses) throws(ControlError) {
        let state = NodeStateFile(
            nodeID: joined.issued.nodeID, clusterID: joined.issued.clusterID, role: NodeStateFile.workerRole, raftMemberID: 0,
            listenAddress: addresses.listen, advertiseAddress: addresses.advertise, managerAddresses: ["\(remote)"]
        )
        do {
            try setAsideInterruptedState()
            try saveWorkerCredentials(joined.identity)
            try state.save(in: configuration.dataDirectory)
            try startWorker(state: state)
        } catch {
            throw ControlError(.internalFailure, "saving the node's swarm state failed: \(error)")
        }
        logger.info("joined a swarm as a worker", metadata: ["cluster": "\(state.clusterID)", "node": "\(state.nodeID)"])
    }

    /// Creates the manager's Raft storage and credentials, starts it as a newcomer that the
    /// leader (which added it as a learner) brings up to date, and writes `state.json` last.
    /// Returns once the leader made it a voter (or, if that takes long, with a warning logged):
    /// so a manager that has joined counts towards the quorum.
    func becomeManager(_ joined: NodeJoiner.Joined, admission: ManagerAdmission, listen: String, advertise: String) async throws(ControlError) {
        let state = NodeStateFile(
            nodeID: joined.issued.nodeID, clusterID: joined.issued.clusterID, role: NodeStateFile.managerRole,
            raftMemberID: admission.raftMemberID, listenAddress: listen, advertiseAddress: advertise
        )
        var runtime: ManagerRuntime?
        do {
            let (storage, _) = try openStorage(unlockKey: nil)
            let credentials = NodeCredentials(identity: joined.identity, secretsKey: try SecretKey(copying: admission.secretsKey))
            try credentials.save(in: configuration.dataDirectory, sealedWith: storage.keys.ring.current)
            let started = try await startManagerRuntime(state: state, credentials: credentials, storage: storage, unlockKey: nil, bootstrap: false)
            runtime = started
            for peer in admission.peers {
                guard let address = TransportAddress(peer.address) else { continue }
                try started.transport.setPeer(RaftMemberID(peer.raftMemberID), address: address)
            }
            try state.save(in: configuration.dataDirectory)
            phase = .manager(started, state)
        } catch {
            await runtime?.stop()
            throw ControlError(.internalFailure, "starting as a manager failed: \(error)")
        }
        if let runtime, await !runtime.waitUntilVoter(timeout: Self.voterWait) {
            logger.warning("the new manager is not a Raft voter yet: the leader promotes it once its log has caught up")
        }
        logger.info("joined a swarm as a manager", metadata: ["cluster": "\(state.clusterID)", "node": "\(state.nodeID)"])
    }

    /// How long a joining manager waits to become a voter before `swarm join` returns anyway.
    static let voterWait = Duration.seconds(20)

    /// `HOST[:PORT]` of a manager (port 2377 when absent).
    static func managerAddress(_ text: String) -> TransportAddress? {
        TransportAddress(text) ?? TransportAddress("\(text):2377")
    }
}
