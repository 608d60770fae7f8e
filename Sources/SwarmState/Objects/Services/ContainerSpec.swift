/// What a task's container runs: Docker's `TaskTemplate.ContainerSpec`. Durations are
/// nanoseconds, as on Docker's wire; absent fields are nil, as Docker omits them.
public struct ContainerSpec: Hashable, Sendable, Codable {
    /// The image reference, possibly pinned to a digest (`busybox:latest@sha256:…`).
    public var image: String
    public var labels: Labels?
    /// Replaces the image's entrypoint.
    public var command: [String]?
    /// Replaces the image's command (the entrypoint's arguments).
    public var args: [String]?
    public var hostname: String?
    /// `NAME=value` pairs added to the image's environment.
    public var env: [String]?
    /// The working directory.
    public var dir: String?
    /// `user`, `uid`, `user:group` or `uid:gid`.
    public var user: String?
    public var groups: [String]?
    public var tty: Bool?
    public var readOnly: Bool?
    public var stopSignal: String?
    /// How long a stopping container has between its stop signal and SIGKILL (Docker: 10 s).
    public var stopGracePeriod: Int64?
    public var initProcess: Bool?

    public init(image: String) {
        self.image = image
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image", labels = "Labels", command = "Command", args = "Args", hostname = "Hostname", env = "Env", dir = "Dir"
        case user = "User", groups = "Groups", tty = "TTY", readOnly = "ReadOnly", stopSignal = "StopSignal"
        case stopGracePeriod = "StopGracePeriod", initProcess = "Init"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        image = try container.decodeIfPresent(String.self, forKey: .image) ?? ""
        labels = try container.decodeIfPresent(Labels.self, forKey: .labels)
        command = try container.decodeIfPresent([String].self, forKey: .command)
        args = try container.decodeIfPresent([String].self, forKey: .args)
        hostname = try container.decodeIfPresent(String.self, forKey: .hostname)
        env = try container.decodeIfPresent([String].self, forKey: .env)
        dir = try container.decodeIfPresent(String.self, forKey: .dir)
        user = try container.decodeIfPresent(String.self, forKey: .user)
        groups = try container.decodeIfPresent([String].self, forKey: .groups)
        tty = try container.decodeIfPresent(Bool.self, forKey: .tty)
        readOnly = try container.decodeIfPresent(Bool.self, forKey: .readOnly)
        stopSignal = try container.decodeIfPresent(String.self, forKey: .stopSignal)
        stopGracePeriod = try container.decodeIfPresent(Int64.self, forKey: .stopGracePeriod)
        initProcess = try container.decodeIfPresent(Bool.self, forKey: .initProcess)
    }
}
