import Foundation
import SwarmSpawn
import SwarmTesting
import SystemPackage
import Testing

/// One swarmd process of a test: its own loopback address (127.0.0.1N), data directory, API
/// socket and log. It can be started, stopped with SIGTERM, killed with SIGKILL and restarted
/// on the same data; `docker` runs the real docker CLI against its socket.
final class SwarmdProcess: @unchecked Sendable {
    // @unchecked Sendable: `process` is only touched from the owning test's task.
    let index: Int
    let host: String
    let dataDirectory: FilePath
    let socketPath: FilePath
    let logPath: FilePath
    private let scratch: ScratchDirectory
    private var process: SpawnedProcess?

    init(index: Int, directory: ScratchDirectory) throws {
        self.index = index
        self.host = "127.0.0.\(10 + index)"
        self.scratch = directory
        self.dataDirectory = directory.appending("node\(index)/data")
        self.socketPath = directory.appending("node\(index)/docker.sock")
        self.logPath = directory.appending("node\(index)/swarmd.log")
        _ = try directory.makeDirectory("node\(index)")
    }

    var listenAddress: String { "\(host):2377" }
    var dockerHost: String { "unix://\(socketPath.string)" }

    /// Starts swarmd (with `extraArguments` after its own) and waits (at most 30 s) until its
    /// API answers.
    func start(extraArguments: [String] = []) throws {
        precondition(process?.isRunning != true, "node \(index) is already running")
        let log = try LogDescriptor.appending(to: logPath)
        defer { try? log.close() }
        process = try SpawnedProcess(
            BuiltProducts.executable("swarmd"),
            [
                "--data-dir", dataDirectory.string, "--host", dockerHost, "--hostname", "node\(index)", "--listen-addr", listenAddress,
                "--log-level", "debug",
            ] + extraArguments,
            standardOutput: .descriptor(log), standardError: .descriptor(log)
        )
        try waitUntil(timeout: .seconds(30), "node \(index)'s API answers") { (try? docker(["version", "--format", "{{.Server.Version}}"]))?.exitStatus == 0 }
    }

    /// SIGKILL, then waits for the process to be gone.
    func kill() {
        process?.signalAndWait(SIGKILL)
    }

    /// SIGHUP: swarmd renews its node certificate now.
    func hangUp() {
        process?.send(SIGHUP)
    }

    /// SIGSTOP: the process hangs with its connections open and answers nothing, like a hung host.
    func pause() {
        process?.send(SIGSTOP)
    }

    /// SIGCONT: a paused process runs on.
    func resume() {
        process?.send(SIGCONT)
    }

    /// SIGTERM (a graceful stop), then waits for the process to be gone; a node that has not
    /// stopped within 30 s is a failure of the test, and is killed.
    func stop() {
        guard let process else { return }
        #expect(process.terminate(grace: .seconds(30)), "node \(index) did not stop within 30 s of SIGTERM:\n\(log.split(separator: "\n").suffix(20).joined(separator: "\n"))")
    }

    /// Runs the docker CLI against this node with `arguments`.
    @discardableResult
    func docker(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> ChildProcess.Outcome {
        try ChildProcess.run(
            try DockerCLI.path(), arguments,
            environment: ["DOCKER_HOST": dockerHost, "DOCKER_CONFIG": scratch.appending("docker-config").string, "PATH": DockerCLI.searchPath],
            timeout: timeout
        )
    }

    /// Runs the docker CLI with `input` (and a newline) on its standard input, as an operator
    /// typing or piping a key.
    func docker(_ arguments: [String], input: String) throws -> ChildProcess.Outcome {
        try ChildProcess.run(
            FilePath("/bin/sh"), ["-c", "printf '%s\\n' \"$SWARMD_TEST_INPUT\" | exec \"$0\" \"$@\"", try DockerCLI.path().string] + arguments,
            environment: [
                "DOCKER_HOST": dockerHost, "DOCKER_CONFIG": scratch.appending("docker-config").string, "PATH": DockerCLI.searchPath,
                "SWARMD_TEST_INPUT": input,
            ],
            timeout: .seconds(60)
        )
    }

    /// Runs the docker CLI and returns its standard output, failing the test if it fails.
    func dockerOutput(_ arguments: [String]) throws -> String {
        let outcome = try docker(arguments)
        guard outcome.exitStatus == 0 else {
            throw TestFailure("docker \(arguments.joined(separator: " ")) failed (\(outcome.exitStatus)): \(outcome.standardError)")
        }
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Everything swarmd logged so far.
    var log: String { (try? String(contentsOfFile: logPath.string, encoding: .utf8)) ?? "" }

    deinit {
        kill()
        removeContainers()
    }
}

/// Where the docker CLI is: the first `docker` on the test's PATH.
enum DockerCLI {
    static let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"

    static func path() throws -> FilePath {
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/docker"
            if FileManager.default.isExecutableFile(atPath: candidate) { return FilePath(candidate) }
        }
        throw TestFailure("the docker CLI is not on PATH (\(searchPath)); these tests drive swarmd with it: install the docker client")
    }
}

/// A test step that failed, with what happened.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Polls `condition` every 100 ms until it holds or `timeout` passes.
func waitUntil(timeout: Duration, _ what: String, _ condition: () throws -> Bool) throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.1)
    }
    throw TestFailure("timed out after \(timeout) waiting until \(what)")
}
