import Foundation
public import SystemPackage

/// One round of a kill -9 test: start a child, let it run for a random moment, kill it with
/// SIGKILL, and return what it printed.
public enum KilledChild {
    /// What a killed child left behind.
    public struct Outcome: Sendable {
        /// Whether the child was gone within the deadline after the kill.
        public let died: Bool
        public let standardOutput: String
        public let standardError: String
    }

    /// Runs `program` for a random time in `lifetime` (seconds, drawn from `random`), then kills it.
    public static func run(
        _ program: FilePath,
        _ arguments: [String],
        lifetime: ClosedRange<Double>,
        random: inout SeededRandomNumberGenerator
    ) throws -> Outcome {
        let child = try RunningChild(program, arguments)
        // The fault: the kill lands at a random moment of the child's life.
        Thread.sleep(forTimeInterval: Double.random(in: lifetime, using: &random))
        let died = child.kill()
        return Outcome(died: died, standardOutput: child.standardOutput, standardError: child.standardError)
    }
}
