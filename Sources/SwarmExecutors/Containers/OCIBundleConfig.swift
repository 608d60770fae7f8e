import Foundation

/// The OCI runtime `config.json` of a task's container, as Docker's defaults shape it: its own
/// PID, IPC, UTS and mount namespaces (the host's network: the routing mesh comes with
/// networking), Docker's default capabilities, `/proc` and `/sys` masked as Docker masks them,
/// the host's resolv.conf and hosts read-only, and the task's limits as cgroup resources.
struct OCIBundleConfig: Encodable {
    struct Process: Encodable {
        struct User: Encodable { let uid: UInt32; let gid: UInt32; let additionalGids: [UInt32] }
        struct Capabilities: Encodable { let bounding: [String]; let effective: [String]; let permitted: [String] }
        let terminal = false
        let user: User
        let args: [String]
        let env: [String]
        let cwd: String
        let capabilities: Capabilities
        let noNewPrivileges = true
    }
    struct Root: Encodable { let path: String; let readonly: Bool }
    struct Mount: Encodable { let destination: String; let type: String; let source: String; let options: [String] }
    struct Linux: Encodable {
        struct Namespace: Encodable { let type: String }
        struct Resources: Encodable {
            struct Device: Encodable { let allow: Bool; let access: String }
            struct Memory: Encodable { let limit: Int64 }
            struct CPU: Encodable { let quota: Int64; let period: UInt64 }
            struct Pids: Encodable { let limit: Int64 }
            let devices = [Device(allow: false, access: "rwm")]
            let memory: Memory?
            let cpu: CPU?
            let pids: Pids?
        }
        let resources: Resources
        let cgroupsPath: String
        let namespaces = ["pid", "ipc", "uts", "mount"].map(Namespace.init)
        let maskedPaths = [
            "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
            "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
        ]
        let readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
    }

    let ociVersion = "1.0.2"
    let process: Process
    let root: Root
    let hostname: String
    let mounts: [Mount]
    let linux: Linux

    /// Docker's default capability set.
    static let capabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
        "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ]
    /// The CFS period the CPU quota is a share of (100 ms).
    static let cpuPeriod: UInt64 = 100_000

    init(run: ContainerRun, image: ImageConfiguration, user: ContainerUser, arguments: [String]) {
        let environment = Self.merged(image.environment + ["HOSTNAME=\(run.hostname ?? String(run.id.prefix(12)))"] + run.environment)
        process = Process(
            user: .init(uid: user.uid, gid: user.gid, additionalGids: user.additionalGIDs), args: arguments, env: environment,
            cwd: run.workingDirectory ?? image.workingDirectory ?? "/",
            capabilities: .init(bounding: Self.capabilities, effective: Self.capabilities, permitted: Self.capabilities)
        )
        root = Root(path: "rootfs", readonly: run.readOnlyRoot)
        hostname = run.hostname ?? String(run.id.prefix(12))
        mounts = [
            Mount(destination: "/proc", type: "proc", source: "proc", options: []),
            Mount(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            Mount(destination: "/dev/pts", type: "devpts", source: "devpts", options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]),
            Mount(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
            Mount(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            Mount(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
            Mount(destination: "/etc/resolv.conf", type: "bind", source: "/etc/resolv.conf", options: ["rbind", "ro"]),
            Mount(destination: "/etc/hosts", type: "bind", source: "/etc/hosts", options: ["rbind", "ro"]),
        ]
        linux = Linux(
            resources: .init(
                memory: run.memoryLimit.map { .init(limit: $0) },
                cpu: run.nanoCPUs.map { .init(quota: max(1000, Int64(Double($0) / 1e9 * Double(Self.cpuPeriod))), period: Self.cpuPeriod) },
                pids: run.pidsLimit.map { .init(limit: $0) }
            ),
            cgroupsPath: "/swarmd/\(run.id)"
        )
    }

    /// The process's arguments: the entrypoint (the run's command, else the image's) followed by
    /// the command (the run's arguments, else — unless the run replaced the entrypoint — the
    /// image's), as Docker combines them.
    static func arguments(run: ContainerRun, image: ImageConfiguration) -> [String] {
        let entrypoint = run.command ?? image.entrypoint ?? []
        let command = run.arguments ?? (run.command == nil ? image.command ?? [] : [])
        return entrypoint + command
    }

    /// `NAME=value` lines with later names replacing earlier ones, in first-seen order.
    private static func merged(_ lines: [String]) -> [String] {
        var order: [String] = []
        var values: [String: String] = [:]
        for line in lines {
            let name = String(line.prefix { $0 != "=" })
            if values[name] == nil { order.append(name) }
            values[name] = line
        }
        return order.compactMap { values[$0] }
    }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Plain values: encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }
}
