/// What one container runs: the task's container spec as the executor needs it, free of the
/// store's types. Absent fields fall back to the image's configuration.
public struct ContainerRun: Sendable, Equatable {
    /// The container's ID (the task's ID).
    public var id: String
    public var image: String
    /// Replaces the image's entrypoint.
    public var command: [String]?
    /// Replaces the image's command.
    public var arguments: [String]?
    /// Added to the image's environment (`NAME=value`; a later name wins).
    public var environment: [String]
    public var workingDirectory: String?
    public var user: String?
    /// The container's host name (the first 12 characters of its ID when nil, as Docker's).
    public var hostname: String?
    /// Memory limit in bytes.
    public var memoryLimit: Int64?
    /// CPU limit in billionths of a CPU.
    public var nanoCPUs: Int64?
    public var pidsLimit: Int64?
    /// The signal that asks the container to stop (SIGTERM when nil).
    public var stopSignal: String?
    public var readOnlyRoot: Bool

    public init(
        id: String, image: String, command: [String]? = nil, arguments: [String]? = nil, environment: [String] = [], workingDirectory: String? = nil,
        user: String? = nil, hostname: String? = nil, memoryLimit: Int64? = nil, nanoCPUs: Int64? = nil, pidsLimit: Int64? = nil,
        stopSignal: String? = nil, readOnlyRoot: Bool = false
    ) {
        self.id = id
        self.image = image
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
        self.hostname = hostname
        self.memoryLimit = memoryLimit
        self.nanoCPUs = nanoCPUs
        self.pidsLimit = pidsLimit
        self.stopSignal = stopSignal
        self.readOnlyRoot = readOnlyRoot
    }
}

/// How a container ended.
public struct ContainerExit: Sendable, Equatable {
    /// The exit code, nil when unknown (the container ended while swarmd was not its parent).
    public var code: Int32?

    public init(code: Int32?) {
        self.code = code
    }
}

/// What runc says of a container.
public enum ContainerState: Sendable, Equatable {
    case running(pid: Int32)
    case stopped
    case absent
}
