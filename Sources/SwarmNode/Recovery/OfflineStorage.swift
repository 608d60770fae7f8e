import RaftNode
import SwarmCrypto
import SwarmState
import SwarmStorage
import SystemPackage

/// A manager's Raft storage used while no manager runs on it (cold backups, restores,
/// force-new-cluster): the data keys opened with the unlock key only when they are wrapped, and
/// the committed state replayed in place, with errors in the node's words.
enum OfflineStorage {
    /// The key store in the Raft directory `directory`.
    ///
    /// - Throws: `.locked` (wrapped, no key given), `.wrongUnlockKey`, `.unreadableState`.
    static func keys(in directory: FilePath, unlockKey: UnlockKey?) throws(SwarmNodeError) -> KeyStore {
        do {
            return try KeyStore.open(in: directory, unlockKey: unlockKey)
        } catch .locked {
            throw .locked
        } catch .wrongUnlockKey {
            throw .wrongUnlockKey
        } catch .notLocked {
            return try keys(in: directory, unlockKey: nil)
        } catch {
            throw .unreadableState(path: directory.appending(KeyStore.fileName).string, reason: "\(error)")
        }
    }

    /// The committed state of the Raft storage in `directory`, read without changing it, and the
    /// data keys that opened it.
    static func committedState(in directory: FilePath, unlockKey: UnlockKey?) throws(SwarmNodeError) -> (keys: KeyStore, capture: RaftStateCapture) {
        let keys = try keys(in: directory, unlockKey: unlockKey)
        do {
            let storage = try ReadOnlyRaftStorage(directory: directory, keys: keys)
            return (keys, try RaftStateReplay.replay(storage, into: SwarmStore()))
        } catch {
            throw .storage("replaying the Raft storage in \(directory) failed: \(error)")
        }
    }
}
