import Logging
import SwarmManager
import SwarmState
import SwarmTransport
import SystemPackage

/// Role changes the swarm asks of this node (`docker node promote / demote`): a promoted worker
/// becomes a manager, a demoted manager a worker. Either way the node first gets a certificate in
/// its new role, sets up that role's storage and writes `state.json` last: a crash before that
/// leaves the node in its old role, which tries again. The old role's storage goes after.
extension SwarmNode {
    /// Becomes a manager: a manager certificate and Raft admission from the leader at `leader`,
    /// then a newcomer's Raft storage. On failure the node stays a worker; its next heartbeat
    /// tries again.
    func promote(through leader: TransportAddress) async {
        guard case .worker(let state, let heartbeats) = phase else { return }
        phase = .changingRole(state)
        heartbeats.cancel()
        await heartbeats.value
        do {
            let credentials = try loadWorkerCredentials()
            let joined = try await NodeJoiner.renew(through: leader, identity: credentials.identity, advertiseAddress: state.advertiseAddress)
            guard let admission = joined.issued.manager else {
                throw SwarmNodeError.startFailed("the manager at \(leader) issued no manager certificate: the promotion was undone")
            }
            try setAside([raftDirectory, managerCredentialsPath])
            try await becomeManager(joined, admission: admission, listen: state.listenAddress, advertise: state.advertiseAddress)
        } catch {
            logger.warning("the promotion failed; the next heartbeat tries again", metadata: ["error": "\(error)"])
            resumeWorker(state)
            return
        }
        logger.notice("promoted: this node is a manager now", metadata: ["node": "\(state.nodeID)"])
        removeLeftovers([workerDirectory])
    }

    /// Becomes a worker once the swarm recorded the demotion: a worker certificate from a
    /// manager (the leader first), the worker's key store, then the manager stops and its Raft
    /// storage goes. On failure the node stays a manager and tries again shortly.
    func stepDownToWorker() async {
        guard case .manager(let runtime, let state) = phase else { return }
        phase = .changingRole(state)
        let managers = await otherManagers(than: state, in: runtime)
        let workerState = NodeStateFile(
            nodeID: state.nodeID, clusterID: state.clusterID, role: NodeStateFile.workerRole, raftMemberID: 0, listenAddress: state.listenAddress,
            advertiseAddress: state.advertiseAddress, managerAddresses: managers.map(\.description)
        )
        do {
            let joined = try await renewCertificate(
                through: managers, identity: runtime.transport.currentIdentity, advertise: state.advertiseAddress, as: .worker
            )
            try saveWorkerCredentials(joined.identity)
            try workerState.save(in: configuration.dataDirectory)
        } catch {
            logger.warning("stepping down to a worker failed; trying again shortly", metadata: ["error": "\(error)"])
            phase = .manager(runtime, state)
            return
        }
        await runtime.stop()
        resumeWorker(workerState)
        logger.notice("demoted: this node is a worker now", metadata: ["node": "\(state.nodeID)"])
        removeLeftovers([raftDirectory, managerCredentialsPath])
    }

    /// The managers other than this one, the leader first.
    private func otherManagers(than state: NodeStateFile, in runtime: ManagerRuntime) async -> [TransportAddress] {
        runtime.control.managerAddresses(otherThan: state.raftMemberID, first: await runtime.leader())
    }

    /// A certificate in `role` from the first of `managers` that issues one (a manager issues
    /// the role the node's spec names: another role means a role change is under way).
    func renewCertificate(
        through managers: [TransportAddress], identity: TransportIdentity, advertise: String, as role: TransportRole
    ) async throws -> NodeJoiner.Joined {
        var failures: [String] = []
        for manager in managers {
            do {
                let joined = try await NodeJoiner.renew(through: manager, identity: identity, advertiseAddress: advertise)
                guard joined.issued.role == role else {
                    throw SwarmNodeError.startFailed("the manager at \(manager) issued a \(joined.issued.role.rawValue) certificate: the node's role is changing")
                }
                return joined
            } catch {
                failures.append("\(error)")
            }
        }
        throw SwarmNodeError.startFailed("no manager issued a \(role.rawValue) certificate: \(failures.joined(separator: "; "))")
    }

    /// Starts the worker role on `state`, or records why it cannot run.
    private func resumeWorker(_ state: NodeStateFile) {
        do {
            try startWorker(state: state)
        } catch {
            phase = .inactive
            logger.error("the worker cannot start; restart swarmd", metadata: ["error": "\(error)"])
        }
    }

    /// Removes the storage of the role this node left; a failure only leaves it for the next
    /// start to remove.
    func removeLeftovers(_ paths: [FilePath]) {
        do {
            try remove(paths)
        } catch {
            logger.warning("the previous role's storage could not be removed yet", metadata: ["error": "\(error)"])
        }
    }
}
