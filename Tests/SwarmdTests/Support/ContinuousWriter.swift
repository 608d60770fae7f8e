import Foundation
import SwarmTesting

/// A client that creates configs through one node, one after another, until stopped, and
/// records when each create was acknowledged: the load a hot backup runs under.
final class ContinuousWriter: @unchecked Sendable {
    // @unchecked Sendable: the mutable state is guarded by `lock`.
    private let node: SwarmdProcess
    private let prefix: String
    private let lock = NSLock()
    private var acknowledged: [(name: String, at: ContinuousClock.Instant)] = []
    private var attempted: [String] = []
    private var isStopped = false
    private var thread: Thread?

    init(through node: SwarmdProcess, prefix: String) {
        self.node = node
        self.prefix = prefix
    }

    func start() {
        let thread = Thread { [self] in
            // Bounded: at most 2,000 creates, however long the test forgets to stop it.
            for number in 0..<2000 {
                if lock.withLock({ isStopped }) { return }
                let name = "\(prefix)\(number)"
                lock.withLock { attempted.append(name) }
                if (try? node.docker(["config", "create", name, "/etc/hostname"]))?.exitStatus == 0 {
                    let now = ContinuousClock.now
                    lock.withLock { acknowledged.append((name, now)) }
                }
            }
        }
        self.thread = thread
        thread.start()
    }

    /// Stops after the create in flight; returns once the thread ended (at most 30 s).
    func stop() {
        lock.withLock { isStopped = true }
        let deadline = Date().addingTimeInterval(30)
        while thread?.isFinished == false, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }

    /// The configs acknowledged before `instant`.
    func acknowledged(before instant: ContinuousClock.Instant) -> [String] {
        lock.withLock { acknowledged.filter { $0.at < instant }.map(\.name) }
    }

    /// Every name this writer tried to create.
    var attemptedNames: Set<String> { lock.withLock { Set(attempted) } }
    var acknowledgedCount: Int { lock.withLock { acknowledged.count } }
}
