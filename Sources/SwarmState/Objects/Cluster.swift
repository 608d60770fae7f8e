public import Foundation

/// The swarm itself: exactly one, named `default`, holding its spec, root CA and join tokens.
public struct Cluster: StoreObject {
    public static let kind = ObjectKind.cluster

    /// The root CA: its certificate, and its private key sealed with the cluster secrets key.
    public struct RootCA: Hashable, Sendable, Codable {
        public var certificatePEM: String
        public var sealedPrivateKey: Data

        public init(certificatePEM: String, sealedPrivateKey: Data) {
            self.certificatePEM = certificatePEM
            self.sealedPrivateKey = sealedPrivateKey
        }
    }

    /// The tokens a new node presents to join, one per role (`SWMTKN-1-…` text).
    public struct JoinTokens: Hashable, Sendable, Codable {
        public var worker: String
        public var manager: String

        public init(worker: String, manager: String) {
            self.worker = worker
            self.manager = manager
        }
    }

    public var id: ClusterID
    public var meta: ObjectMeta
    public var spec: ClusterSpec
    public var rootCA: RootCA
    public var joinTokens: JoinTokens
    /// With autolock on, the managers' unlock key sealed with the cluster secrets key: every
    /// manager wraps its data keys under it, and `docker swarm unlock-key` shows it.
    public var sealedUnlockKey: Data?

    public init(id: ClusterID, meta: ObjectMeta, spec: ClusterSpec, rootCA: RootCA, joinTokens: JoinTokens, sealedUnlockKey: Data? = nil) {
        self.id = id
        self.meta = meta
        self.spec = spec
        self.rootCA = rootCA
        self.joinTokens = joinTokens
        self.sealedUnlockKey = sealedUnlockKey
    }

    public var uniqueName: String? { spec.name }
    public var referenceName: String { spec.name }
}
