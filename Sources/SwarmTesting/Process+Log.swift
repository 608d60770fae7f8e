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

    /// Sends `signal` if the process still runs, then waits at most `timeout` until it has
    /// exited; returns whether it did.
    @discardableResult
    public func signalAndWait(_ signal: Int32, timeout: Duration = .seconds(30)) -> Bool {
        guard isRunning else { return true }
        kill(processIdentifier, signal)
        let deadline = ContinuousClock.now + timeout
        while isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        return !isRunning
    }

    /// Stops the process: SIGCONT (in case it is paused) and SIGTERM, then SIGKILL if it has
    /// not exited within `grace`. Returns whether it exited by itself; a process that survives
    /// even SIGKILL for 30 s is reported on standard error rather than waited for forever.
    @discardableResult
    public func terminate(grace: Duration) -> Bool {
        guard isRunning else { return true }
        kill(processIdentifier, SIGCONT)
        if signalAndWait(SIGTERM, timeout: grace) { return true }
        if !signalAndWait(SIGKILL) {
            FileHandle.standardError.write(Data("process \(processIdentifier) did not exit within 30 s of SIGKILL\n".utf8))
        }
        return false
    }
}
