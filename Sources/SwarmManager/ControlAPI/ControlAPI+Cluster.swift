public import SwarmState
public import SwarmCrypto
import Foundation

extension ControlAPI {
    /// Which secrets `updateCluster` replaces, as `docker swarm join-token --rotate` asks.
    public struct Rotation: Sendable {
        public var workerJoinToken = false
        public var managerJoinToken = false
        public var managerUnlockKey = false

        public init(workerJoinToken: Bool = false, managerJoinToken: Bool = false, managerUnlockKey: Bool = false) {
            self.workerJoinToken = workerJoinToken
            self.managerJoinToken = managerJoinToken
            self.managerUnlockKey = managerUnlockKey
        }
    }

    /// Throws unless Docker would accept `spec` for a swarm.
    public static func validate(_ spec: ClusterSpec) throws(ControlError) {
        try ClusterSpecRules.validate(spec)
    }

    /// Commits the swarm's first objects: the cluster and the founding manager's node.
    public func commitFounding(
        _ founding: SwarmFounding, spec: ClusterSpec, founder: Node.Description, availability: NodeSpec.Availability, address: String,
        raftMemberID: UInt64
    ) async throws(ControlError) {
        var spec = spec
        spec.name = "default"
        try ClusterSpecRules.validate(spec)
        let sealedUnlockKey = spec.encryptionConfig.autoLockManagers ? newSealedUnlockKey() : nil
        try await write(
            founding.initialActions(
                spec: spec, founder: founder, availability: availability, address: address, raftMemberID: raftMemberID, at: now(),
                sealedUnlockKey: sealedUnlockKey
            )
        )
    }

    /// The swarm's cluster object.
    public func cluster() throws(ControlError) -> Cluster {
        guard let cluster = store.current.cluster else {
            throw ControlError(.unavailable, "the swarm is still being initialized; retry in a moment")
        }
        return cluster
    }

    /// Replaces the swarm's spec (read at `version`) and rotates what `rotation` names; returns
    /// the cluster's new version.
    @discardableResult
    public func updateCluster(spec: ClusterSpec, version: ObjectVersion, rotation: Rotation) async throws(ControlError) -> ObjectVersion {
        var cluster = try cluster()
        try ClusterSpecRules.validate(spec)
        guard spec.name == cluster.spec.name else {
            throw ControlError(.invalidArgument, "the swarm's name cannot be changed (it is \"\(cluster.spec.name)\")")
        }
        let wasAutolocked = cluster.spec.encryptionConfig.autoLockManagers
        if spec.encryptionConfig.autoLockManagers {
            if !wasAutolocked || rotation.managerUnlockKey {
                cluster.sealedUnlockKey = newSealedUnlockKey()
            }
        } else {
            guard !rotation.managerUnlockKey else {
                throw ControlError(
                    .failedPrecondition,
                    "autolock is not enabled on this swarm, so there is no unlock key to rotate; enable it with docker swarm update --autolock=true"
                )
            }
            cluster.sealedUnlockKey = nil
        }
        cluster.spec = spec
        cluster.meta.updatedAt = now()
        let rootCA = Array(cluster.rootCA.certificatePEM.utf8)
        if rotation.workerJoinToken {
            cluster.joinTokens.worker = JoinToken.generate(rootCACertificatePEM: rootCA).revealedText()
        }
        if rotation.managerJoinToken {
            cluster.joinTokens.manager = JoinToken.generate(rootCACertificatePEM: rootCA).revealedText()
        }
        return try await write([.update(.cluster(cluster), expected: version)])
    }
}

extension ControlAPI {
    /// The managers' unlock key, when autolock is on.
    public func unlockKey() throws(ControlError) -> UnlockKey? {
        try unlockKey(of: try cluster())
    }

    /// The unlock key `cluster` holds, when autolock is on.
    public func unlockKey(of cluster: Cluster) throws(ControlError) -> UnlockKey? {
        guard cluster.spec.encryptionConfig.autoLockManagers, let sealed = cluster.sealedUnlockKey else { return nil }
        do {
            return UnlockKey(key: try SecretKey(copying: try ClusterSealing.open(sealed, for: .unlockKey, with: secretsKey)))
        } catch {
            throw ControlError(.internalFailure, "the swarm's unlock key does not open with this manager's cluster secrets key: \(error)")
        }
    }

    private func newSealedUnlockKey() -> Data {
        let key = UnlockKey.generate()
        return key.key.withUnsafeBytes { ClusterSealing.seal(Array($0), for: .unlockKey, with: secretsKey) }
    }
}

/// What Docker accepts in a swarm spec.
enum ClusterSpecRules {
    static let minimumNodeCertExpiry: Int64 = 3600 * 1_000_000_000

    static func validate(_ spec: ClusterSpec) throws(ControlError) {
        guard spec.caConfig.nodeCertExpiry >= minimumNodeCertExpiry else {
            throw ControlError(.invalidArgument, "minimum certificate expiry time is 1h0m0s (NodeCertExpiry is \(spec.caConfig.nodeCertExpiry) ns)")
        }
        guard spec.dispatcher.heartbeatPeriod > 0 else {
            throw ControlError(.invalidArgument, "the dispatcher heartbeat period must be positive (HeartbeatPeriod is \(spec.dispatcher.heartbeatPeriod) ns)")
        }
        guard spec.orchestration.taskHistoryRetentionLimit >= 0 else {
            throw ControlError(.invalidArgument, "TaskHistoryRetentionLimit must not be negative")
        }
    }
}
