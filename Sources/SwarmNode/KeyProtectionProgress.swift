import SwarmState
import Synchronization

/// How far this manager's `UnlockKeyReconciler` got: the latest cluster version whose autolock
/// setting its data keys are wrapped for. `docker swarm update` waits on it, so its answer
/// means this manager's keys are protected as asked (a restart right after comes up locked).
final class KeyProtectionProgress: Sendable {
    private let reconciled = Mutex<ObjectVersion?>(nil)

    func record(_ version: ObjectVersion) {
        reconciled.withLock { $0 = max($0 ?? version, version) }
    }

    /// Whether the keys reached cluster version `version` within `timeout`.
    func wait(through version: ObjectVersion, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while reconciled.withLock({ $0 }).map({ $0 < version }) ?? true {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(20))) != nil else { return false }
        }
        return true
    }
}
