import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Counts the forks this process's memory has gone through, so that state which must never be
/// shared by two processes (a `RecordSealer`'s counter under one subkey) can tell it was copied
/// into a child and start afresh there.
enum ForkGeneration {
    private static let forks = Atomic<UInt64>(0)

    private static let registration: Void = {
        // Runs in the child of every fork(2).
        pthread_atfork(nil, nil) {
            ForkGeneration.forks.add(1, ordering: .relaxed)
        }
    }()

    /// The number of forks between the process that first asked and this one.
    static var current: UInt64 {
        registration
        return forks.load(ordering: .relaxed)
    }
}
