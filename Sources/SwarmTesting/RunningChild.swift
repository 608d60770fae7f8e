import Foundation
import SwarmSpawn
public import SystemPackage

/// A child process started for a test that must stop it itself (kill -9 tests). Its standard
/// output and error go to files, readable after it exits.
public final class RunningChild: Sendable {
    private let child: SpawnedProcess
    private let scratch: ScratchDirectory
    private let outputPath: FilePath
    private let errorPath: FilePath

    /// Starts `program` with `arguments`.
    public init(_ program: FilePath, _ arguments: [String]) throws {
        scratch = try ScratchDirectory(label: "swarmd-child")
        outputPath = scratch.appending("stdout")
        errorPath = scratch.appending("stderr")
        let output = try LogDescriptor.truncating(outputPath)
        defer { try? output.close() }
        let error = try LogDescriptor.truncating(errorPath)
        defer { try? error.close() }
        child = try SpawnedProcess(program, arguments, standardOutput: .descriptor(output), standardError: .descriptor(error))
    }

    /// Kills the child with SIGKILL and waits (at most `timeout`) for it to be gone.
    @discardableResult
    public func kill(timeout: Duration = .seconds(30)) -> Bool {
        child.signalAndWait(SIGKILL, timeout: timeout)
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
