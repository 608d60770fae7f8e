// swift-tools-version: 6.1
// swarmd — Docker Swarm mode as a storage-centric appliance. Target shape and the dependency rule
// (arrows point down only) are in Docs/architecture.md.
import PackageDescription

/// One settings array for every Swift target: Swift 6 mode plus the stricter upcoming features.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The Raft core and its simulation tests are compiled optimized even in debug builds: the
/// simulation runs thousands of seeded groups in `.ci/run` and is ~10x slower unoptimized.
let simulationSettings = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let systemPackage = Target.Dependency.product(name: "SystemPackage", package: "swift-system")
let grpcCore = Target.Dependency.product(name: "GRPCCore", package: "grpc-swift-2")
let grpcTransport = Target.Dependency.product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport")
let grpcProtobuf = Target.Dependency.product(name: "GRPCProtobuf", package: "grpc-swift-protobuf")
let protobuf = Target.Dependency.product(name: "SwiftProtobuf", package: "swift-protobuf")
let x509 = Target.Dependency.product(name: "X509", package: "swift-certificates")
let asn1 = Target.Dependency.product(name: "SwiftASN1", package: "swift-asn1")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let httpClient = Target.Dependency.product(name: "AsyncHTTPClient", package: "async-http-client")

/// An executable that only parses arguments, calls libraries and maps errors to exit codes.
func executable(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["SwarmVersion", argumentParser] + dependencies,
        swiftSettings: swiftSettings
    )
}

let package = Package(
    name: "swarmd",
    products: [
        .executable(name: "swarmd", targets: ["swarmd"]),
        .executable(name: "swarmctl", targets: ["swarmctl"]),
        .executable(name: "swarm-backup", targets: ["swarm-backup"]),
        .executable(name: "swarm-restore", targets: ["swarm-restore"]),
        .executable(name: "swarm-container-shim", targets: ["swarm-container-shim"]),
        .executable(name: "swarm-bench", targets: ["swarm-bench"]),
        .executable(name: "raft-kv", targets: ["raft-kv"]),
        .executable(name: "swarm-agent-sim", targets: ["swarm-agent-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        // System C libraries (apt packages in tools/install-deps.sh).
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // CRC-32C for storage records (C for the SSE 4.2 instruction).
        .target(name: "CChecksum"),
        // Linux file calls Glibc's module leaves out (sync_file_range).
        .target(name: "CFileSystemCalls"),
        // posix_spawn with the Linux extensions Glibc's module leaves out (closefrom, setsid).
        .target(name: "CSpawn"),

        // Libraries, lowest first.
        .target(
            name: "SwarmVersion",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwarmSpawn",
            dependencies: ["CSpawn", systemPackage],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwarmFileSystem",
            dependencies: ["CFileSystemCalls", systemPackage],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwarmCrypto",
            dependencies: ["CSodium", crypto],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RaftTypes",
            swiftSettings: swiftSettings
        ),
        // The pure Raft state machine: no I/O, no clock, no threads (tested by simulation).
        .target(
            name: "RaftCore",
            dependencies: ["RaftTypes"],
            swiftSettings: simulationSettings
        ),
        .target(
            name: "SwarmStorage",
            dependencies: ["CChecksum", "RaftTypes", "SwarmCrypto", "SwarmFileSystem", systemPackage],
            swiftSettings: swiftSettings
        ),
        // gRPC between nodes over mutual TLS; protobuf code generated by tools/generate-protos.sh.
        .target(
            name: "SwarmTransport",
            dependencies: [
                "RaftCore", "RaftTypes", grpcCore, grpcTransport, grpcProtobuf, protobuf, x509, asn1, crypto, logging,
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCertificateReloading", package: "swift-nio-extras"),
            ],
            exclude: ["Protos"],
            swiftSettings: swiftSettings
        ),
        // Drives RaftCore: persist through SwarmStorage, send through SwarmTransport, apply.
        .target(
            name: "RaftNode",
            dependencies: ["RaftCore", "RaftTypes", "SwarmStorage", "SwarmTransport", logging],
            swiftSettings: swiftSettings
        ),
        // The replicated object store: typed tables, versions, transactions applied by Raft.
        .target(
            name: "SwarmState",
            dependencies: ["RaftNode", "RaftTypes", "SwarmCrypto"],
            swiftSettings: swiftSettings
        ),
        // Manager services: the control API behind Docker's swarm, node, service, task, secret and config
        // calls, and the leader-only orchestrators and scheduler.
        .target(
            name: "SwarmManager",
            dependencies: ["SwarmState", "SwarmCrypto", "SwarmTransport", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: swiftSettings
        ),
        // The Docker Engine HTTP API (Hummingbird): routes, Docker's JSON and errors.
        .target(
            name: "DockerAPI",
            dependencies: [
                "SwarmManager", "SwarmState", "SwarmCrypto", "SwarmTransport", hummingbird, .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The composition root of one host's swarmd: lifecycle, data directory, roles.
        .target(
            name: "SwarmNode",
            dependencies: [
                "DockerAPI", "SwarmManager", "SwarmState", "SwarmStorage", "SwarmTransport", "SwarmCrypto", "SwarmFileSystem", "RaftNode",
                "RaftCore", "RaftTypes", "SwarmVersion", "SwarmArchive", "SwarmAgent", "SwarmExecutors", logging, systemPackage,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwarmArchive",
            dependencies: ["CArchive", "SwarmCrypto", "SwarmFileSystem", crypto, systemPackage],
            swiftSettings: swiftSettings
        ),
        // How a task runs: OCI images pulled from registries into a local store, unpacked into
        // root filesystems, containers through runc.
        .target(
            name: "SwarmExecutors",
            dependencies: [
                "CArchive", "SwarmFileSystem", "SwarmSpawn", httpClient, crypto, logging, systemPackage,
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Every node's agent: the tasks assigned to it, run through the executors, recorded in
        // SQLite, their statuses reported to the leader.
        .target(
            name: "SwarmAgent",
            dependencies: ["SwarmExecutors", "SwarmState", "SwarmTransport", "CSQLite", logging],
            swiftSettings: swiftSettings
        ),
        // The Docker API over swarmd's unix socket, for swarmctl and swarm-backup.
        .target(
            name: "SwarmAPIClient",
            dependencies: [httpClient, .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // Backups and restores: archives of a manager's state (hot through its socket, cold from
        // its data directory), their encryption, verification and retention, and restore.
        .target(
            name: "SwarmBackup",
            dependencies: [
                "DockerAPI", "SwarmAPIClient", "SwarmArchive", "SwarmNode", "SwarmCrypto", "SwarmFileSystem", "SwarmStorage", httpClient, systemPackage,
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // Executables.
        executable("swarmd", [logging, "SwarmStorage", "SwarmCrypto", "SwarmNode", "DockerAPI", hummingbird, systemPackage]),
        executable("swarmctl", ["SwarmAPIClient", .product(name: "NIOHTTP1", package: "swift-nio")]),
        executable("swarm-backup", ["SwarmBackup", "SwarmAPIClient", "SwarmArchive", "SwarmNode", "SwarmCrypto", "DockerAPI", systemPackage]),
        executable("swarm-restore", ["SwarmBackup", "SwarmNode", "SwarmCrypto", systemPackage]),
        // Holds each container's output pipes and writes its log (C: one runs per container).
        .executableTarget(name: "swarm-container-shim"),

        // Benchmarks (tools/bench/run), with the raw C baselines they compare against.
        .target(
            name: "CBenchBaselines",
            dependencies: ["CSodium"],
            path: "tools/bench/Sources/CBenchBaselines"
        ),
        .executableTarget(
            name: "swarm-bench",
            dependencies: [
                "CBenchBaselines", "CSQLite", "SwarmCrypto", "SwarmStorage", "SwarmFileSystem", "SwarmState", "RaftNode", "RaftTypes", systemPackage, argumentParser,
            ],
            path: "tools/bench/Sources/swarm-bench",
            swiftSettings: swiftSettings
        ),

        // Many simulated worker nodes heartbeating over real mutual TLS: the control-plane
        // benchmark's load.
        .executableTarget(
            name: "swarm-agent-sim",
            dependencies: ["SwarmTransport", "SwarmCrypto", "SwarmState", argumentParser],
            path: "tools/bench/Sources/swarm-agent-sim",
            swiftSettings: swiftSettings
        ),

        // A key-value service over RaftNode: the Raft benchmark's subject and the multi-process
        // Raft tests' member process.
        .executableTarget(
            name: "raft-kv",
            dependencies: ["RaftNode", "RaftCore", "RaftTypes", "SwarmStorage", "SwarmTransport", "SwarmCrypto", argumentParser, hummingbird, logging],
            path: "tools/bench/Sources/raft-kv",
            swiftSettings: swiftSettings
        ),

        // Test support shared by every test target: seeded randomness, scratch directories,
        // child processes.
        .target(
            name: "SwarmTesting",
            dependencies: ["SwarmCrypto", "SwarmSpawn", systemPackage],
            swiftSettings: swiftSettings
        ),
        // A child process for tests that measure peak memory: archives a tree or extracts one
        // and reports its own VmHWM.
        .executableTarget(
            name: "swarm-archive-probe",
            dependencies: ["SwarmArchive", systemPackage],
            path: "Tests/Probes/swarm-archive-probe",
            swiftSettings: swiftSettings
        ),

        // A child process for the record sealer's fork test: seals in parent and child.
        .executableTarget(
            name: "swarm-crypto-probe",
            dependencies: ["SwarmCrypto", "SwarmTesting"],
            path: "Tests/Probes/swarm-crypto-probe",
            swiftSettings: swiftSettings
        ),

        // A child process for the WAL kill -9 test: appends until killed.
        .executableTarget(
            name: "swarm-wal-probe",
            dependencies: ["SwarmStorage", "SwarmCrypto", "RaftTypes", "SwarmTesting", systemPackage],
            path: "Tests/Probes/swarm-wal-probe",
            swiftSettings: swiftSettings
        ),

        // A child process for the key store kill -9 test: changes keys until killed.
        .executableTarget(
            name: "swarm-keystore-probe",
            dependencies: ["SwarmStorage", "SwarmCrypto", "SwarmFileSystem", "SwarmTesting", systemPackage],
            path: "Tests/Probes/swarm-keystore-probe",
            swiftSettings: swiftSettings
        ),

        // A child process for the storage kill -9 test: appends, snapshots and rotates keys until killed.
        .executableTarget(
            name: "swarm-storage-probe",
            dependencies: ["SwarmStorage", "SwarmCrypto", "RaftTypes", "SwarmTesting", systemPackage],
            path: "Tests/Probes/swarm-storage-probe",
            swiftSettings: swiftSettings
        ),

        // Tests.
        .testTarget(
            name: "SwarmSpawnTests",
            dependencies: ["SwarmSpawn", "SwarmTesting", systemPackage],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwarmCryptoTests",
            dependencies: ["SwarmCrypto", "SwarmTesting", "swarm-crypto-probe", logging],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RaftCoreTests",
            dependencies: ["RaftCore", "RaftTypes"],
            swiftSettings: simulationSettings
        ),
        .testTarget(
            name: "SwarmStorageTests",
            dependencies: ["SwarmStorage", "RaftTypes", "CChecksum", "SwarmCrypto", "SwarmTesting", "SwarmFileSystem", "swarm-wal-probe", "swarm-keystore-probe", "swarm-storage-probe", systemPackage],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwarmArchiveTests",
            dependencies: ["SwarmArchive", "SwarmFileSystem", "SwarmTesting", "swarm-archive-probe", "CArchive", crypto, systemPackage],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExecutableTests",
            dependencies: [
                "SwarmVersion", "SwarmTesting", "SwarmStorage", "SwarmCrypto", "RaftTypes", crypto, systemPackage,
                "swarmd", "swarmctl", "swarm-backup", "swarm-restore",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RaftNodeTests",
            dependencies: ["RaftNode", "RaftCore", "RaftTypes", "SwarmStorage", "SwarmTesting", "SwarmTransport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwarmTransportTests",
            dependencies: ["SwarmTransport", "RaftCore", "RaftTypes"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RaftClusterTests",
            dependencies: [
                "SwarmSpawn", "SwarmTesting", "raft-kv", httpClient, systemPackage,
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwarmManagerTests",
            dependencies: ["SwarmManager", "SwarmState"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwarmExecutorsTests",
            dependencies: ["SwarmExecutors", "SwarmTesting", "CArchive", "swarm-container-shim", crypto, systemPackage],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwarmStateTests",
            dependencies: ["SwarmState", "RaftNode", "RaftTypes", "SwarmTesting"],
            swiftSettings: swiftSettings
        ),
        // The real docker CLI against real swarmd processes on loopback addresses.
        .testTarget(
            name: "SwarmdTests",
            dependencies: ["SwarmSpawn", "SwarmTesting", "SwarmBackup", "SwarmNode", "swarmd", "swarm-backup", "swarm-restore", "swarm-container-shim", systemPackage],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwarmTestingTests",
            dependencies: ["SwarmTesting"],
            swiftSettings: swiftSettings
        ),
    ]
)
