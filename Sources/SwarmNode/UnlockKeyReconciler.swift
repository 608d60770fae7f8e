import Logging
import RaftNode
import SwarmCrypto
import SwarmManager
import SwarmState
import SwarmStorage

/// Keeps this manager's data keys wrapped the way the swarm's autolock setting says: under the
/// cluster's current unlock key, or in the clear when autolock is off. It acts only on a store
/// that is up to date (after a read barrier), so replaying old cluster versions at start never
/// wraps the keys under a key that was since rotated away.
struct UnlockKeyReconciler {
    let storage: RaftStorage
    let store: SwarmStore
    let control: ControlAPI
    let raft: RaftNode
    let progress: KeyProtectionProgress
    let logger: Logger

    /// Runs until cancelled; `current` is the unlock key the data keys are wrapped under now.
    func run(current: UnlockKey?) async {
        var applied = current
        let commits = store.commits(touching: [.cluster])
        await reconcile(&applied)
        for await _ in commits {
            await reconcile(&applied)
        }
    }

    private func reconcile(_ applied: inout UnlockKey?) async {
        while !Task.isCancelled {
            do {
                try await raft.readBarrier()
                guard let cluster = store.current.cluster else { return }
                let desired = try control.unlockKey(of: cluster)
                if desired != applied {
                    try storage.changeProtection(to: desired.map { .unlockKey($0) } ?? .none)
                    applied = desired
                    logger.notice(desired == nil ? "autolock is off: data keys are no longer wrapped" : "data keys are now wrapped under the swarm's unlock key")
                }
                progress.record(cluster.meta.version)
                return
            } catch let error as RaftStorageError {
                logger.error("rewrapping the data keys failed; retrying", metadata: ["error": "\(error)"])
            } catch {
                logger.debug("the data keys' protection waits for an up-to-date store", metadata: ["reason": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
