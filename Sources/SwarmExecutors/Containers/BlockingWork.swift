import Dispatch

/// Runs blocking work (file trees, process launches) on a dispatch thread rather than on one of
/// Swift concurrency's few cooperative threads, which a burst of container starts would
/// otherwise hold up for one another.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "swarmd.executor.blocking", attributes: .concurrent)

    static func run<Value: Sendable, Failure: Error>(_ work: @escaping @Sendable () throws(Failure) -> Value) async throws(Failure) -> Value {
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { () throws(Failure) -> Value in try work() }) }
        }
        return try result.get()
    }
}
