import Foundation
import SwarmCrypto
import SwarmFileSystem
import Logging
public import SwarmManager
import SystemPackage

/// Autolock: the unlock key at start (key files) and `docker swarm unlock`.
extension SwarmNode {
    /// The unlock key from the first readable key file, if any (a malformed one is logged and
    /// skipped; the key itself never is).
    func bootUnlockKey() -> UnlockKey? {
        for path in configuration.unlockKeyFiles where FileSystemCalls.exists(path) {
            do {
                let text = String(decoding: try AtomicFile.read(path, byteLimit: 4096), as: UTF8.self)
                return try UnlockKey(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
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
}
