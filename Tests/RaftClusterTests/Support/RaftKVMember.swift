import Foundation
import SwarmSpawn
import SwarmTesting
import SystemPackage

/// One raft-kv process of a test cluster: its own loopback address (127.0.0.1N), ports and
/// data directory. It can be started, killed with SIGKILL, paused with SIGSTOP, resumed and
/// restarted on the same data. When a network-fault control group is given, the process runs
/// in it from its first instruction, so every socket it opens can be partitioned.
final class RaftKVMember: @unchecked Sendable {
    // @unchecked Sendable: `process` is only touched from the owning test's task.
    let id: UInt64
    let host: String
    let raftPort: Int
    let httpPort: Int
    let dataDirectory: FilePath
    let logPath: FilePath
    private let controlGroup: String?
    private var process: SpawnedProcess?

    init(id: UInt64, raftPort: Int, httpPort: Int, directory: ScratchDirectory, controlGroup: String?) throws {
        self.id = id
        self.host = "127.0.0.\(10 + id)"
        self.raftPort = raftPort
        self.httpPort = httpPort
        self.dataDirectory = try directory.makeDirectory("m\(id)")
        self.logPath = directory.appending("m\(id).log")
        self.controlGroup = controlGroup
    }

    var raftAddress: String { "\(host):\(raftPort)" }
    var client: RaftKVClient { RaftKVClient(host: host, port: httpPort) }
    var isRunning: Bool { process?.isRunning ?? false }

    /// Starts the process with `arguments` (peers, bootstrap, ...) after its own.
    func start(caSeed: String, arguments: [String]) throws {
        precondition(!isRunning, "member \(id) is already running")
        let program = BuiltProducts.executable("raft-kv").string
        let own = ["--id", "\(id)", "--data-dir", dataDirectory.string, "--raft-address", raftAddress, "--http-address", "\(host):\(httpPort)"]
        // The shell enters the control group, then becomes raft-kv (same pid, same group).
        let enterGroup = controlGroup.map { "echo $$ > '\($0)/cgroup.procs' && " } ?? ""
        var environment = ProcessInfo.processInfo.environment
        environment["RAFT_KV_CA_SEED"] = caSeed
        let log = try LogDescriptor.appending(to: logPath)
        defer { try? log.close() }
        process = try SpawnedProcess(
            FilePath("/bin/sh"), ["-c", "\(enterGroup)exec \"$0\" \"$@\"", program] + own + arguments,
            environment: environment, standardOutput: .descriptor(log), standardError: .descriptor(log)
        )
    }

    /// SIGKILL, then waits for the process to be gone.
    func kill() {
        process?.signalAndWait(SIGKILL)
    }

    /// SIGTERM, then SIGKILL if it has not exited within five seconds. Returns the exit status
    /// of a process that stopped by itself, nil for one that had to be killed (or never ran).
    @discardableResult
    func stop() -> Int32? {
        guard let process, process.isRunning else { return nil }
        return process.terminate(grace: .seconds(5)) ? process.termination?.shellStatus : nil
    }

    func pause() {
        process?.send(SIGSTOP)
    }

    func resume() {
        process?.send(SIGCONT)
    }

    /// The last lines the process logged, for failure messages.
    var logTail: String {
        let text = (try? String(contentsOfFile: logPath.string, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    /// Erases the data directory (the member is stopped): it rejoins as a new machine would.
    func wipeData() throws {
        precondition(!isRunning, "wipe the data of a stopped member only")
        try FileManager.default.removeItem(atPath: dataDirectory.string)
        try FileManager.default.createDirectory(atPath: dataDirectory.string, withIntermediateDirectories: true)
    }
}
