import Glibc
public import SystemPackage

/// A short command run to its end with its standard output and error captured together, such
/// as one call of `runc`.
public struct CapturedRun: Sendable {
    /// How the command ended; nil if it outlived its deadline and was killed.
    public let termination: Termination?
    /// What it wrote to its standard output and error, in order.
    public let output: [UInt8]

    /// Runs `program` with `arguments`, waiting (without blocking a thread) at most `timeout`
    /// before killing it.
    public init(_ program: FilePath, _ arguments: [String], timeout: Duration) async throws(SpawnError) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw SpawnError(program: program.string, reason: "no pipe for its output: \(String(cString: strerror(errno)))")
        }
        let (reading, writing) = (FileDescriptor(rawValue: ends[0]), FileDescriptor(rawValue: ends[1]))
        defer { try? reading.close() }
        // Close-on-exec for hygiene (every spawn here closes inherited descriptors anyway);
        // only this process's end is non-blocking, the child writes as usual.
        _ = fcntl(reading.rawValue, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writing.rawValue, F_SETFD, FD_CLOEXEC)
        _ = fcntl(reading.rawValue, F_SETFL, fcntl(reading.rawValue, F_GETFL) | O_NONBLOCK)
        let spawned = Result { () throws(SpawnError) in
            try SpawnedProcess(program, arguments, standardOutput: .descriptor(writing), standardError: .descriptor(writing))
        }
        try? writing.close()  // The child holds its own copy: end of output is its exit.
        let child = try spawned.get()
        var output: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        while child.isRunning, ContinuousClock.now < deadline {
            Self.drain(reading, into: &output)
            try? await Task.sleep(for: .milliseconds(5))
        }
        let outlivedDeadline = child.isRunning
        if outlivedDeadline {
            child.send(SIGKILL)
            _ = child.waitForExit(timeout: .seconds(5))
        }
        Self.drain(reading, into: &output)
        self.termination = outlivedDeadline ? nil : child.termination
        self.output = output
    }

    /// Reads what the pipe holds now, without waiting for more.
    private static func drain(_ descriptor: FileDescriptor, into output: inout [UInt8]) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor.rawValue, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            output += buffer[..<count]
        }
    }
}
