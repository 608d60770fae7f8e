import Foundation
public import SystemPackage

/// Runs a program to completion for a test, with a deadline, and returns what it printed.
///
/// Output goes to files rather than pipes, so a chatty child can never block on a full pipe.
public enum ChildProcess {
    /// How a finished child ended and what it printed.
    public struct Outcome: Sendable {
        /// The exit status (or the signal number for a child killed by a signal).
        public let exitStatus: Int32
        /// Everything the child wrote to standard output.
        public let standardOutput: String
        /// Everything the child wrote to standard error.
        public let standardError: String
    }

    /// Why a child could not be run to completion.
    public enum Failure: Error, CustomStringConvertible {
        /// The child outlived its deadline and was killed.
        case timedOut(program: String, seconds: Double)

        public var description: String {
            switch self {
            case .timedOut(let program, let seconds):
                "\(program) did not finish within \(seconds) s and was killed"
            }
        }
    }

    /// Runs `program` with `arguments` and waits at most `timeout` for it to exit.
    public static func run(
        _ program: FilePath,
        _ arguments: [String] = [],
        environment: [String: String]? = nil,
        timeout: Duration = .seconds(120)
    ) throws -> Outcome {
        let scratch = try ScratchDirectory(label: "swarmd-child")
        let outputURL = URL(fileURLWithPath: scratch.appending("stdout").string)
        let errorURL = URL(fileURLWithPath: scratch.appending("stderr").string)
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.string)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let seconds = timeout / .seconds(1)
        if exited.wait(timeout: .now() + seconds) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 30)
            throw Failure.timedOut(program: program.string, seconds: seconds)
        }
        return Outcome(
            exitStatus: process.terminationStatus,
            standardOutput: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        )
    }
}
