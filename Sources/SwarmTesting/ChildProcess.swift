import Foundation
import SwarmSpawn
public import SystemPackage

/// Runs a program to completion for a test, with a deadline, and returns what it printed.
///
/// Output goes to files rather than pipes, so a chatty child can never block on a full pipe.
public enum ChildProcess {
    /// How a finished child ended and what it printed.
    public struct Outcome: Sendable {
        /// The exit status, or 128 + the signal's number for a child killed by a signal.
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
        let (outputPath, errorPath) = (scratch.appending("stdout"), scratch.appending("stderr"))
        let child: SpawnedProcess
        do {
            let output = try LogDescriptor.truncating(outputPath)
            defer { try? output.close() }
            let error = try LogDescriptor.truncating(errorPath)
            defer { try? error.close() }
            child = try SpawnedProcess(
                program, arguments, environment: environment, standardOutput: .descriptor(output), standardError: .descriptor(error)
            )
        }
        guard let termination = child.waitForExit(timeout: timeout) else {
            child.signalAndWait(SIGKILL)
            throw Failure.timedOut(program: program.string, seconds: timeout / .seconds(1))
        }
        return Outcome(
            exitStatus: termination.shellStatus,
            standardOutput: (try? String(contentsOfFile: outputPath.string, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOfFile: errorPath.string, encoding: .utf8)) ?? ""
        )
    }
}
