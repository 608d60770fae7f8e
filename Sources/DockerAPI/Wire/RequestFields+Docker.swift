import SwarmState

extension RequestFields {
    /// Docker's swarm `Spec`, as the CLI sends it on init and update (`ExternalCAs`,
    /// `SigningCA*`, `ForceRotate` and `TaskDefaults` are accepted and not acted on yet).
    static let clusterSpec = RequestFields.object([
        "Name": .value, "Labels": .value,
        "Orchestration": .values("TaskHistoryRetentionLimit"),
        "Raft": .values("SnapshotInterval", "KeepOldSnapshots", "LogEntriesForSlowFollowers", "ElectionTick", "HeartbeatTick"),
        "Dispatcher": .values("HeartbeatPeriod"),
        "CAConfig": .values("NodeCertExpiry", "ExternalCAs", "SigningCACert", "SigningCAKey", "ForceRotate"),
        "EncryptionConfig": .values("AutoLockManagers"),
        "TaskDefaults": .object(["LogDriver": .values("Name", "Options")]),
    ])
}

extension ClusterSpec: StrictRequestBody {
    static var fields: RequestFields { .clusterSpec }
}

extension NodeSpec: StrictRequestBody {
    static var fields: RequestFields { .values("Name", "Labels", "Role", "Availability") }
}

extension SwarmInitRequest: StrictRequestBody {
    static var fields: RequestFields {
        .object([
            "ListenAddr": .value, "AdvertiseAddr": .value, "DataPathAddr": .value, "DataPathPort": .value, "DefaultAddrPool": .value,
            "SubnetSize": .value, "ForceNewCluster": .value, "Spec": .clusterSpec, "AutoLockManagers": .value, "Availability": .value,
        ])
    }
}

extension DataObjectSpecJSON: StrictRequestBody {
    static var fields: RequestFields { .values("Name", "Labels", "Data") }
}

extension UnlockRequestJSON: StrictRequestBody {
    static var fields: RequestFields { .values("UnlockKey") }
}

extension SwarmJoinRequest: StrictRequestBody {
    static var fields: RequestFields { .values("ListenAddr", "AdvertiseAddr", "DataPathAddr", "RemoteAddrs", "JoinToken", "Availability") }
}
