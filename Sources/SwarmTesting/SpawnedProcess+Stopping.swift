import Foundation
public import SwarmSpawn

extension SpawnedProcess {
    /// Sends `signal` if the process still runs, then waits at most `timeout` until it has
    /// exited; returns whether it did.
    @discardableResult
    public func signalAndWait(_ signal: Int32, timeout: Duration = .seconds(30)) -> Bool {
        send(signal)
        return waitForExit(timeout: timeout) != nil
    }

    /// Stops the process: SIGCONT (in case it is paused) and SIGTERM, then SIGKILL if it has
    /// not exited within `grace`. Returns whether it exited by itself; a process that survives
    /// even SIGKILL for 30 s is reported on standard error rather than waited for forever.
    @discardableResult
    public func terminate(grace: Duration) -> Bool {
        guard isRunning else { return true }
        send(SIGCONT)
        if signalAndWait(SIGTERM, timeout: grace) { return true }
        if !signalAndWait(SIGKILL) {
            FileHandle.standardError.write(Data("process \(processIdentifier) did not exit within 30 s of SIGKILL\n".utf8))
        }
        return false
    }
}
