public import Foundation
public import SystemPackage

extension Process {
    /// Sends the process's standard output and error to the end of `logPath` (created if
    /// missing), so a restarted process keeps adding to the same log.
    public func appendOutput(to logPath: FilePath) throws {
        if !FileManager.default.fileExists(atPath: logPath.string) {
            _ = FileManager.default.createFile(atPath: logPath.string, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath.string))
        log.seekToEndOfFile()
        standardOutput = log
        standardError = log
    }

    /// Sends `signal` if the process still runs, then waits until it has exited.
    public func signalAndWait(_ signal: Int32) {
        guard isRunning else { return }
        kill(processIdentifier, signal)
        waitUntilExit()
    }
}
