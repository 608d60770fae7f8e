import Foundation

/// `GET /version`.
struct VersionResponseJSON: Encodable {
    struct PlatformJSON: Encodable { let Name: String }
    let Platform: PlatformJSON
    let Version: String
    let ApiVersion: String
    let MinAPIVersion: String
    let GitCommit = ""
    let GoVersion = ""
    let Os = "linux"
    let Arch: String
    let KernelVersion: String
    let BuildTime = ""

    init(host: HostFacts) {
        Platform = .init(Name: "swarmd \(host.serverVersion)")
        Version = host.serverVersion
        ApiVersion = APIVersion.current.text
        MinAPIVersion = APIVersion.minimum.text
        Arch = host.architecture
        KernelVersion = host.kernelVersion
    }
}

/// `GET /info`: the host, and the swarm part the CLI reads (`Swarm`).
struct InfoJSON: Encodable {
    struct SwarmInfoJSON: Encodable {
        struct Peer: Encodable { let NodeID: String; let Addr: String }
        let NodeID: String
        let NodeAddr: String
        let LocalNodeState: String
        let ControlAvailable: Bool
        let Error: String
        let RemoteManagers: [Peer]?
        let Nodes: Int?
        let Managers: Int?
        let Cluster: SwarmJSON?
    }

    let ID: String
    let Name: String
    let ServerVersion: String
    let OperatingSystem: String
    let OSType = "linux"
    let Architecture: String
    let KernelVersion: String
    let NCPU: Int
    let MemTotal: Int64
    let Containers = 0
    let ContainersRunning = 0
    let ContainersPaused = 0
    let ContainersStopped = 0
    let Images = 0
    let Driver = "overlay-less (swarmd)"
    let DockerRootDir: String
    let Swarm: SwarmInfoJSON
}
