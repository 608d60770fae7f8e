import Foundation
import HTTPTypes
import SwarmState

/// Docker's `Version{Index}`.
struct VersionJSON: Encodable {
    let Index: UInt64

    init(_ version: ObjectVersion) {
        Index = version.index
    }
}

/// Docker's secret or config, with the config's data (never a secret's).
struct DataObjectJSON: Encodable {
    struct SpecJSON: Encodable {
        let Name: String
        let Labels: Labels
        let Data: String?
    }

    let ID: String
    let Version: VersionJSON
    let CreatedAt: Date
    let UpdatedAt: Date
    let Spec: SpecJSON

    init(_ secret: Secret) {
        self.init(id: secret.id.rawValue, meta: secret.meta, spec: secret.spec, data: nil)
    }

    init(_ config: Config) {
        self.init(id: config.id.rawValue, meta: config.meta, spec: config.spec, data: config.data.base64EncodedString())
    }

    private init(id: String, meta: ObjectMeta, spec: DataObjectSpec, data: String?) {
        ID = id
        Version = VersionJSON(meta.version)
        CreatedAt = meta.createdAt
        UpdatedAt = meta.updatedAt
        Spec = .init(Name: spec.name, Labels: spec.labels, Data: data)
    }
}

/// `POST /secrets/create` and `/configs/create`, and their `/update`.
struct DataObjectSpecJSON: Decodable {
    let Name: String
    let Labels: Labels?
    let Data: String?

    var spec: DataObjectSpec { DataObjectSpec(name: Name, labels: Labels ?? [:]) }

    /// The payload, decoded from base64.
    func payload() throws -> Foundation.Data {
        guard let data = Foundation.Data(base64Encoded: Data ?? "") else {
            throw DockerAPIError(.badRequest, "invalid JSON body: field Data must be base64")
        }
        return data
    }
}

/// Docker's node.
struct NodeJSON: Encodable {
    struct DescriptionJSON: Encodable {
        struct PlatformJSON: Encodable { let Architecture: String; let OS: String }
        struct ResourcesJSON: Encodable { let NanoCPUs: Int64; let MemoryBytes: Int64 }
        struct EngineJSON: Encodable { let EngineVersion: String }
        struct TLSInfoJSON: Encodable { let TrustRoot: String }
        let Hostname: String
        let Platform: PlatformJSON
        let Resources: ResourcesJSON
        let Engine: EngineJSON
        let TLSInfo: TLSInfoJSON
    }
    struct StatusJSON: Encodable { let State: String; let Message: String; let Addr: String }
    struct ManagerStatusJSON: Encodable { let Leader: Bool; let Reachability: String; let Addr: String }

    let ID: String
    let Version: VersionJSON
    let CreatedAt: Date
    let UpdatedAt: Date
    let Spec: NodeSpec
    let Description: DescriptionJSON
    let Status: StatusJSON
    let ManagerStatus: ManagerStatusJSON?

    init(_ node: Node, trustRoot: String, raft: RaftView) {
        ID = node.id.rawValue
        Version = VersionJSON(node.meta.version)
        CreatedAt = node.meta.createdAt
        UpdatedAt = node.meta.updatedAt
        Spec = node.spec
        let description = node.description
        Description = .init(
            Hostname: description.hostname, Platform: .init(Architecture: description.architecture, OS: description.operatingSystem),
            Resources: .init(NanoCPUs: description.nanoCPUs, MemoryBytes: description.memoryBytes),
            Engine: .init(EngineVersion: description.engineVersion), TLSInfo: .init(TrustRoot: trustRoot)
        )
        Status = .init(State: node.status.state.rawValue, Message: node.status.message, Addr: node.status.address)
        ManagerStatus = node.managerStatus.map {
            .init(Leader: $0.raftMemberID == raft.leaderMemberID, Reachability: raft.reachability(of: $0.raftMemberID), Addr: $0.address)
        }
    }
}

/// Docker's swarm (`GET /swarm`).
struct SwarmJSON: Encodable {
    struct TLSInfoJSON: Encodable { let TrustRoot: String }
    struct JoinTokensJSON: Encodable { let Worker: String; let Manager: String }

    let ID: String
    let Version: VersionJSON
    let CreatedAt: Date
    let UpdatedAt: Date
    let Spec: ClusterSpec
    let TLSInfo: TLSInfoJSON
    let RootRotationInProgress = false
    let DefaultAddrPool = ["10.0.0.0/8"]
    let SubnetSize = 24
    let DataPathPort = 4789
    let JoinTokens: JoinTokensJSON?

    init(_ cluster: Cluster, includingTokens: Bool) {
        ID = cluster.id.rawValue
        Version = VersionJSON(cluster.meta.version)
        CreatedAt = cluster.meta.createdAt
        UpdatedAt = cluster.meta.updatedAt
        Spec = cluster.spec
        TLSInfo = .init(TrustRoot: cluster.rootCA.certificatePEM)
        JoinTokens = includingTokens ? .init(Worker: cluster.joinTokens.worker, Manager: cluster.joinTokens.manager) : nil
    }
}
