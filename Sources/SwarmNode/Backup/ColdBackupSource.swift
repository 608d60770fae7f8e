public import SwarmCrypto
public import SwarmFileSystem
import SwarmStorage
public import SystemPackage

/// Backups of a stopped manager, read from its data directory without changing it: the hold on
/// the directory is taken first (so a running swarmd is refused, not read half-way), the Raft
/// storage is read in place and its committed state replayed into a store of its own.
public enum ColdBackupSource {
    /// The backup payload of the manager whose data directory is `dataDirectory`; `unlockKey`
    /// is needed when its data keys are autolocked. Everything is read before this returns, and
    /// the hold on the directory is released.
    ///
    /// - Throws: `.dataDirectoryUnavailable` (a swarmd holds it), `.notAManager`, `.locked`,
    ///   `.wrongUnlockKey`, `.unreadableState` or `.storage` naming the damaged file.
    public static func payload(dataDirectory: FilePath, unlockKey: UnlockKey?) throws(SwarmNodeError) -> BackupPayload {
        let hold: DataDirectoryLock
        do {
            hold = try DataDirectoryLock.acquire(dataDirectory)
        } catch {
            throw .dataDirectoryUnavailable(error)
        }
        defer { withExtendedLifetime(hold) {} }
        guard let state = try NodeStateFile.load(from: dataDirectory), state.role == NodeStateFile.managerRole else {
            throw .notAManager(dataDirectory)
        }
        let raftDirectory = dataDirectory.appending("raft")
        let (keys, capture) = try OfflineStorage.committedState(in: raftDirectory, unlockKey: unlockKey)
        return try BackupPayload.make(
            capture: capture, state: state, files: try NodeFileBytes.read(in: dataDirectory), sealingKey: keys.ring.current,
            autolocked: keys.isAutolocked, method: "cold"
        )
    }
}
