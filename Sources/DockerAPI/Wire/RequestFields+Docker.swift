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

extension RequestFields {
    /// Docker's `UpdateConfig` and `RollbackConfig`.
    private static let updateConfig = RequestFields.values("Parallelism", "Delay", "FailureAction", "Monitor", "MaxFailureRatio", "Order")

    /// Docker's `ServiceSpec` as far as swarmd runs it (`DNSConfig`, which the CLI always sends,
    /// is accepted and not acted on yet; networks, mounts, secrets and the like are refused by
    /// name until swarmd supports them).
    static let serviceSpec = RequestFields.object([
        "Name": .value, "Labels": .value,
        "TaskTemplate": .object([
            "ContainerSpec": .values(
                "Image", "Labels", "Command", "Args", "Hostname", "Env", "Dir", "User", "Groups", "TTY", "ReadOnly", "StopSignal", "StopGracePeriod",
                "Init", "DNSConfig"
            ),
            "Resources": .object(["Limits": .values("NanoCPUs", "MemoryBytes", "Pids"), "Reservations": .values("NanoCPUs", "MemoryBytes")]),
            "RestartPolicy": .values("Condition", "Delay", "MaxAttempts", "Window"),
            "Placement": .values("Constraints", "Preferences", "MaxReplicas", "Platforms"),
            "ForceUpdate": .value, "Runtime": .value,
        ]),
        "Mode": .object(["Replicated": .values("Replicas"), "Global": .value, "ReplicatedJob": .values("MaxConcurrent", "TotalCompletions"), "GlobalJob": .value]),
        "UpdateConfig": updateConfig, "RollbackConfig": updateConfig,
        "EndpointSpec": .values("Mode", "Ports"),
    ])
}

extension ServiceSpec: StrictRequestBody {
    static var fields: RequestFields { .serviceSpec }
}
