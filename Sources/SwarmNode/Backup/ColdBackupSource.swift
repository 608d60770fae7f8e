import RaftNode
public import SwarmCrypto
public import SwarmFileSystem
import SwarmState
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
        let storage = try openReadOnly(raftDirectory, unlockKey: unlockKey)
        let capture: RaftStateCapture
        do {
            capture = try RaftStateReplay.replay(storage, into: SwarmStore())
        } catch {
            throw .storage("replaying the Raft storage in \(raftDirectory) failed: \(error)")
        }
        let (nodeState, credentials, keys): ([UInt8], [UInt8], [UInt8])
        do {
            nodeState = try AtomicFile.read(NodeStateFile.path(in: dataDirectory))
            credentials = try AtomicFile.read(dataDirectory.appending(NodeCredentials.fileName))
            keys = try AtomicFile.read(raftDirectory.appending(KeyStore.fileName))
        } catch {
            throw .storage("reading the node's files in \(dataDirectory) failed: \(error)")
        }
        return BackupPayload.make(
            capture: capture, state: state, nodeStateBytes: nodeState, credentials: credentials, keys: keys,
            sealingKey: storage.keys.ring.current, autolocked: storage.keys.isAutolocked, method: "cold"
        )
    }

    /// Opens `directory` read-only, with `unlockKey` only when its keys are wrapped.
    static func openReadOnly(_ directory: FilePath, unlockKey: UnlockKey?) throws(SwarmNodeError) -> ReadOnlyRaftStorage {
        do {
            return try ReadOnlyRaftStorage(directory: directory, unlockKey: unlockKey)
        } catch .keys(.locked) {
            throw .locked
        } catch .keys(.wrongUnlockKey) {
            throw .wrongUnlockKey
        } catch .keys(.notLocked) {
            return try openReadOnly(directory, unlockKey: nil)
        } catch {
            throw .storage("reading the Raft storage in \(directory) failed: \(error)")
        }
    }
}
