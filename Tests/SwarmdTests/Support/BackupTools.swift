import Foundation
import SwarmTesting
import SystemPackage

/// The real `swarm-backup` and `swarm-restore` executables of this build, run as an operator
/// (or cron) would.
enum BackupTools {
    static func backup(_ arguments: [String]) throws -> ChildProcess.Outcome {
        try ChildProcess.run(BuiltProducts.executable("swarm-backup"), arguments, timeout: .seconds(120))
    }

    static func restore(_ arguments: [String]) throws -> ChildProcess.Outcome {
        try ChildProcess.run(BuiltProducts.executable("swarm-restore"), arguments, timeout: .seconds(120))
    }

    /// Runs `swarm-backup` and fails the test unless it succeeds; returns its standard output.
    static func backupOutput(_ arguments: [String]) throws -> String {
        try succeeded(backup(arguments), "swarm-backup", arguments)
    }

    /// Runs `swarm-restore` and fails the test unless it succeeds; returns its standard output.
    static func restoreOutput(_ arguments: [String]) throws -> String {
        try succeeded(restore(arguments), "swarm-restore", arguments)
    }

    private static func succeeded(_ outcome: ChildProcess.Outcome, _ tool: String, _ arguments: [String]) throws -> String {
        guard outcome.exitStatus == 0 else {
            throw TestFailure("\(tool) \(arguments.joined(separator: " ")) failed (\(outcome.exitStatus)): \(outcome.standardError)")
        }
        return outcome.standardOutput
    }

    /// Writes `text` and a newline to `path` (mode 0600), as an operator keeps a key file.
    static func writeKeyFile(_ text: String, to path: FilePath) throws {
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path.string))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path.string)
    }
}
