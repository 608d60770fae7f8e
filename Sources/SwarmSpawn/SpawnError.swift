/// Why a child process could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    /// The program that was to run.
    public let program: String
    /// What went wrong, from errno.
    public let reason: String

    public var description: String { "\(program) could not be started: \(reason)" }
}
