public import SystemPackage

/// How one swarmd runs on its host: where it keeps its state and serves the API, and the
/// addresses it uses when `swarm init` or `join` does not name them.
public struct NodeConfiguration: Sendable {
    /// The data directory (`/var/lib/swarmd`), created mode 0700.
    public var dataDirectory: FilePath
    /// The Docker API socket (`/run/swarmd/swarmd.sock`).
    public var socketPath: FilePath
    /// The node's name (the host name unless given).
    public var hostname: String
    /// The swarm management address to listen on when a request leaves the CLI's default
    /// (`0.0.0.0:2377`) in place; several nodes on one machine each get their own.
    public var listenAddress: String?
    /// The address to advertise when a request names none.
    public var advertiseAddress: String?
    /// Files that may hold the unlock key of an autolocked manager, tried in order at start
    /// (`--unlock-key-file`, then the systemd credential `$CREDENTIALS_DIRECTORY/unlock-key`).
    public var unlockKeyFiles: [FilePath]
    /// Start as the only manager of the swarm (`--force-new-cluster`): the data directory's
    /// manager lost its quorum for good.
    public var forceNewCluster: Bool
    /// The registry that serves Docker Hub's images (`--registry-mirror http://HOST:PORT`), as
    /// Docker's registry mirrors do; nil: Docker Hub itself.
    public var registryMirror: String?

    public init(
        dataDirectory: FilePath, socketPath: FilePath, hostname: String, listenAddress: String?, advertiseAddress: String?,
        unlockKeyFiles: [FilePath] = [], forceNewCluster: Bool = false, registryMirror: String? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.socketPath = socketPath
        self.hostname = hostname
        self.listenAddress = listenAddress
        self.advertiseAddress = advertiseAddress
        self.unlockKeyFiles = unlockKeyFiles
        self.forceNewCluster = forceNewCluster
        self.registryMirror = registryMirror
    }

    /// The docker CLI's default `--listen-addr`.
    static let cliDefaultListenAddress = "0.0.0.0:2377"
}
