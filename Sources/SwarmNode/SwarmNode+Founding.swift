public import DockerAPI
import Foundation
import Logging
public import SwarmManager
public import SwarmState
import SwarmCrypto
import SwarmStorage
import SwarmTransport
import SwarmFileSystem
import SystemPackage

/// `docker swarm init`: founding a swarm with this node as its first manager.
extension SwarmNode {
    public func initialize(_ request: SwarmInitRequest) async throws(ControlError) -> NodeID {
        if request.forceNewCluster { return try await forceNewCluster(request) }
        try requireInactive()
        try ControlAPI.validate(request.spec)
        let addresses = try SwarmAddresses(
            requestedListen: request.listenAddress, requestedAdvertise: request.advertiseAddress, configuration: configuration
        )
        phase = .founding
        do {
            let (runtime, state) = try await found(request: request, addresses: addresses)
            phase = .manager(runtime, state)
            // With --autolock, answer once the data keys are wrapped: a restart right after
            // must find the manager locked.
            if let version = try? runtime.control.cluster().meta.version,
                await !runtime.keyProtection.wait(through: version, timeout: Self.keyProtectionWait)
            {
                logger.warning("the swarm is founded, but this manager's data keys are not yet protected as its spec says; they will be shortly")
            }
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
    func found(request: SwarmInitRequest, addresses: SwarmAddresses) async throws(ControlError) -> (ManagerRuntime, NodeStateFile) {
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
            let started = try await startManagerRuntime(state: state, credentials: credentials, storage: storage, unlockKey: nil, bootstrap: true)
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
}
