import Foundation
import SwarmCrypto
import SwarmFileSystem
import Logging
public import SwarmManager
public import SwarmState
import SystemPackage

/// Autolock: the unlock key at start (key files), `docker swarm update` (which turns it on and
/// off) and `docker swarm unlock`.
extension SwarmNode {
    /// The unlock key from the first readable key file, if any (a malformed one is logged and
    /// skipped; the key itself never is).
    func bootUnlockKey() -> UnlockKey? {
        for path in configuration.unlockKeyFiles where FileSystemCalls.exists(path) {
            do {
                return try UnlockKeyFile.read(path)
            } catch {
                logger.error("the unlock key file cannot be used", metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
        return nil
    }

    public func unlock(_ keyText: String) async throws(ControlError) {
        guard case .locked(let state, let isUnlocking) = phase else {
            throw ControlError(.failedPrecondition, "swarm is not locked: there is nothing to unlock")
        }
        guard !isUnlocking else { throw ControlError(.unavailable, "another unlock of this manager is in progress; retry in a moment") }
        if let wait = unlockAttempts.wait(at: .now) {
            let seconds = Int((wait / .seconds(1)).rounded(.up))
            throw ControlError(.rateLimited, "too many wrong unlock keys: try again in \(seconds) s")
        }
        let key: UnlockKey
        do {
            key = try UnlockKey(parsing: keyText.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw ControlError(.invalidArgument, "invalid unlock key: \(error)")
        }
        phase = .locked(state, isUnlocking: true)
        do {
            try await startManager(state: state, unlockKey: key)
            unlockAttempts.recordSuccess()
            logger.notice("manager unlocked")
        } catch .wrongUnlockKey {
            phase = .locked(state, isUnlocking: false)
            unlockAttempts.recordFailure(at: .now)
            logger.warning("a wrong unlock key was given")
            throw ControlError(.invalidArgument, "\(SwarmNodeError.wrongUnlockKey)")
        } catch {
            phase = .locked(state, isUnlocking: false)
            throw ControlError(.internalFailure, "\(error)")
        }
    }

    /// How long `swarm update` waits for this manager's data keys to be wrapped as the new spec
    /// says before answering anyway (the change is committed; the keys follow).
    static var keyProtectionWait: Duration { .seconds(10) }

    public func updateSwarm(spec: ClusterSpec, version: ObjectVersion, rotation: ControlAPI.Rotation) async throws(ControlError) {
        let control = try await control()
        let updated = try await control.updateCluster(spec: spec, version: version, rotation: rotation)
        guard case .manager(let runtime, _) = phase else { return }
        if await !runtime.keyProtection.wait(through: updated, timeout: Self.keyProtectionWait) {
            logger.warning("swarm update committed, but this manager's data keys are not yet wrapped as it says; they will be shortly")
        }
    }
}
