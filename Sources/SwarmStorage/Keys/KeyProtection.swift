public import SwarmCrypto

/// How the data keys are kept on disk.
public enum KeyProtection: Sendable {
    /// In the clear, in a 0600 file: the manager restarts on its own (Swarm without autolock).
    case none
    /// Wrapped under a key derived from the cluster's unlock key, which is never written
    /// anywhere: the manager restarts locked until an operator gives the key (autolock).
    case unlockKey(UnlockKey)

    /// The key that wraps the data keys, derived from the unlock key so that the unlock key
    /// itself never encrypts anything.
    var keyEncryptionKey: SecretKey? {
        guard case .unlockKey(let unlockKey) = self else { return nil }
        return unlockKey.key.derive(subkeyID: 1, context: "swmdek01")
    }

    var isAutolocked: Bool {
        if case .unlockKey = self { return true }
        return false
    }
}
