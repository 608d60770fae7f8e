import Foundation
public import SystemPackage

/// A child process started for a test that must stop it itself (kill -9 tests). Its standard
/// output and error go to files, readable after it exits.
public final class RunningChild: @unchecked Sendable {
    // @unchecked Sendable: `process` is used from the test's task only; the semaphore is
    // thread-safe.
    private let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private let scratch: ScratchDirectory
    private let outputPath: FilePath
    private let errorPath: FilePath

    /// Starts `program` with `arguments`.
    public init(_ program: FilePath, _ arguments: [String]) throws {
        scratch = try ScratchDirectory(label: "swarmd-child")
        outputPath = scratch.appending("stdout")
        errorPath = scratch.appending("stderr")
        _ = FileManager.default.createFile(atPath: outputPath.string, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath.string, contents: nil)
        process.executableURL = URL(fileURLWithPath: program.string)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath.string))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath.string))
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
    }

    /// Kills the child with SIGKILL and waits (at most `timeout`) for it to be gone. A child
    /// that is a zombie by then counts as gone: it died, and only Foundation's reaping of it
    /// is late (seen on a loaded machine).
    @discardableResult
    public func kill(timeout: Duration = .seconds(30)) -> Bool {
        Foundation.kill(process.processIdentifier, SIGKILL)
        let seconds = timeout / .seconds(1)
        return exited.wait(timeout: .now() + seconds) == .success || isZombieOrGone
    }

    /// Whether the kernel shows the child as a zombie, or no longer at all.
    private var isZombieOrGone: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let endOfName = stat.lastIndex(of: ")")
        else { return true }
        return stat[endOfName...].dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// What the child wrote to standard output so far.
    public var standardOutput: String {
        (try? String(contentsOfFile: outputPath.string, encoding: .utf8)) ?? ""
    }

    /// What the child wrote to standard error so far.
    public var standardError: String {
        (try? String(contentsOfFile: errorPath.string, encoding: .utf8)) ?? ""
    }
}
