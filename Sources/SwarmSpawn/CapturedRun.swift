import Foundation
import Glibc
public import SystemPackage

/// A short command run to its end with its standard output and error captured together, such
/// as one call of `runc`.
///
/// The command is watched from a thread of its own (its output drained as it comes, its
/// deadline kept), so a busy or blocked cooperative pool can delay when the caller resumes but
/// never makes a command that finished in time count as late, nor stalls it on a full pipe.
public struct CapturedRun: Sendable {
    /// How the command ended; nil if it outlived its deadline and was killed.
    public let termination: Termination?
    /// What it wrote to its standard output and error, in order.
    public let output: [UInt8]

    /// Runs `program` with `arguments`, killing it if it still runs after `timeout`.
    public init(_ program: FilePath, _ arguments: [String], timeout: Duration) async throws(SpawnError) {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<CapturedRun, SpawnError>, Never>) in
            Thread {
                continuation.resume(returning: Result { () throws(SpawnError) in try CapturedRun(blocking: program, arguments, timeout: timeout) })
            }.start()
        }
        self = try result.get()
    }

    private init(termination: Termination?, output: [UInt8]) {
        self.termination = termination
        self.output = output
    }

    /// The run itself, blocking the calling thread.
    private init(blocking program: FilePath, _ arguments: [String], timeout: Duration) throws(SpawnError) {
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
        try? writing.close()  // The child holds its own copy.
        let child = try spawned.get()
        var output: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        while true {
            Self.drain(reading, into: &output)
            if let termination = child.termination {
                Self.drain(reading, into: &output)
                self.init(termination: termination, output: output)
                return
            }
            guard ContinuousClock.now < deadline else { break }
            Self.waitForOutput(on: reading, atMost: .milliseconds(5))
        }
        child.send(SIGKILL)
        _ = child.waitForExit(timeout: .seconds(5))
        Self.drain(reading, into: &output)
        self.init(termination: nil, output: output)
    }

    /// Sleeps until the pipe has something to read, or `limit` passes (all of it once every
    /// writer closed the pipe, which poll reports at once, while the child may still run).
    private static func waitForOutput(on descriptor: FileDescriptor, atMost limit: Duration) {
        var watched = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(limit / .milliseconds(1))
        if poll(&watched, 1, milliseconds) > 0, watched.revents & Int16(POLLIN) == 0 { usleep(UInt32(milliseconds) * 1000) }
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
