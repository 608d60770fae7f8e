import ArgumentParser
import Foundation
import SwarmBackup

/// How swarm-backup ends on an error: the message on standard error, the exit status
/// `BackupError.exitStatus` documents.
enum BackupExitCode {
    /// Prints `error` to standard error and returns the exit code it stands for.
    static func report(_ error: BackupError) -> ExitCode {
        FileHandle.standardError.write(Data("swarm-backup: \(error)\n".utf8))
        return ExitCode(error.exitStatus)
    }
}
