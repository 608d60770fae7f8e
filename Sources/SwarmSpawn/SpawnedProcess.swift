import CSpawn
import Glibc
public import SystemPackage
import Synchronization

/// A child process started with posix_spawn: every descriptor of this process but the three
/// standard streams is closed in the child, its signals are at their defaults, and nothing
/// here reaps children it did not start.
///
/// swarmd and its tests launch children through this type rather than Foundation's `Process`,
/// whose launch on Linux can crash the launching process (Docs/architecture.md, "Child
/// processes").
public final class SpawnedProcess: Sendable {
    /// The child's process ID.
    public let processIdentifier: Int32
    private let program: String
    private let ending = Mutex<Termination?>(nil)

    /// Starts `program` with `arguments`, and with `environment` (this process's own when nil).
    /// With `newSession` the child leads its own session, so signals sent to this process's
    /// group (a terminal's Ctrl-C) do not reach it.
    public init(
        _ program: FilePath,
        _ arguments: [String] = [],
        environment: [String: String]? = nil,
        standardInput: ChildStream = .nullDevice,
        standardOutput: ChildStream = .nullDevice,
        standardError: ChildStream = .nullDevice,
        newSession: Bool = false
    ) throws(SpawnError) {
        OrphanReaper.sweep()
        self.program = program.string
        let nullDevice = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { if nullDevice >= 0 { close(nullDevice) } }
        func descriptor(_ stream: ChildStream) -> Int32 {
            switch stream {
            case .nullDevice: nullDevice
            case .descriptor(let descriptor): descriptor.rawValue
            }
        }
        let environmentLines = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        var pid: pid_t = 0
        let status = CStrings.withArray([program.string] + arguments) { argv in
            CStrings.withEnvironment(environmentLines) { envp in
                swarm_spawn(
                    &pid, program.string, argv, envp, descriptor(standardInput), descriptor(standardOutput), descriptor(standardError),
                    newSession ? 1 : 0
                )
            }
        }
        guard status == 0 else {
            throw SpawnError(program: program.string, reason: String(cString: strerror(status)))
        }
        processIdentifier = pid
    }

    deinit {
        if ending.withLock({ $0 }) == nil { OrphanReaper.adopt(processIdentifier) }
    }

    /// How the child ended, or nil while it runs. Reaps it once it has exited.
    public var termination: Termination? {
        ending.withLock { ending in
            if ending == nil {
                var status: Int32 = 0
                if waitpid(processIdentifier, &status, WNOHANG) == processIdentifier {
                    ending = Termination(waitStatus: status)
                }
            }
            return ending
        }
    }

    /// Whether the child still runs (a zombie no longer does).
    public var isRunning: Bool { termination == nil }

    /// Sends `signal` to a child that still runs.
    public func send(_ signal: Int32) {
        ending.withLock { ending in
            if ending == nil { _ = kill(processIdentifier, signal) }
        }
    }

    /// Blocks this thread until the child exits or `timeout` passes; returns how it ended, or
    /// nil if it still runs.
    public func waitForExit(timeout: Duration) -> Termination? {
        let deadline = ContinuousClock.now + timeout
        var pause = Duration.milliseconds(1)
        while true {
            if let termination { return termination }
            guard ContinuousClock.now < deadline else { return nil }
            usleep(UInt32(pause / .microseconds(1)))
            pause = min(pause * 2, .milliseconds(20))
        }
    }

    /// Waits (without blocking a thread) until the child exits, looking every `interval`.
    /// Throws `CancellationError` if the waiting task is cancelled; the child runs on.
    public func exited(checkingEvery interval: Duration = .milliseconds(50)) async throws -> Termination {
        while true {
            if let termination { return termination }
            try await Task.sleep(for: interval)
        }
    }
}
