public import Foundation

/// Which run of a job service is current, as Docker's `JobStatus` shows it: each create or
/// update of a replicated-job or global-job service starts a new iteration, whose tasks carry
/// its number; tasks of earlier iterations no longer count.
public struct JobStatus: Hashable, Sendable, Codable {
    /// Docker's `Version` object: `{"Index": N}`.
    public struct Iteration: Hashable, Sendable, Codable {
        public var index: UInt64

        public init(index: UInt64) {
            self.index = index
        }

        enum CodingKeys: String, CodingKey { case index = "Index" }
    }

    public var jobIteration: Iteration
    /// When this iteration started.
    public var lastExecution: Date

    public init(iteration: UInt64, lastExecution: Date) {
        self.jobIteration = Iteration(index: iteration)
        self.lastExecution = lastExecution
    }

    /// The next run's status: the following iteration, starting `now`.
    public func next(at now: Date) -> JobStatus {
        JobStatus(iteration: jobIteration.index + 1, lastExecution: now)
    }

    enum CodingKeys: String, CodingKey { case jobIteration = "JobIteration", lastExecution = "LastExecution" }
}
