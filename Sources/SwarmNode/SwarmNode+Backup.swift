public import DockerAPI
import Foundation
import Logging
import SystemPackage
import RaftNode
public import SwarmManager
import SwarmFileSystem
import SwarmStorage

extension SwarmNode {
    /// A hot backup of this manager's state: captured at a linearizable read point (every write
    /// acknowledged before the call is in it), with writes paused only while the store is frozen
    /// (an O(1) copy), then sealed with the current data key and streamed; the node's own files
    /// (`state.json`, `credentials`, `raft/keys`) travel as they are on disk, still sealed.
    public func backup() async throws(ControlError) -> BackupStream {
        _ = try await control()  // a manager that knows a leader, or Docker's error
        let runtime = try managerRuntime()
        let capture: RaftStateCapture
        do {
            capture = try await runtime.raft.capture()
        } catch {
            throw ControlError(.unavailable, "the state could not be captured at a committed point: \(error)")
        }
        let payload = try await backupPayload(of: capture, runtime: runtime)
        logger.info("hot backup started", metadata: ["index": "\(capture.index)", "term": "\(capture.term)"])
        return BackupStream(body: FramedBackupStream(payload: payload))
    }

    private func managerRuntime() throws(ControlError) -> ManagerRuntime {
        guard case .manager(let runtime, _) = phase else {
            throw ControlError(.unavailable, "this node stopped being a manager during the backup; take it again")
        }
        return runtime
    }

    private func backupPayload(of capture: RaftStateCapture, runtime: ManagerRuntime) async throws(ControlError) -> BackupPayload {
        guard case .manager(_, let state) = phase else {
            throw ControlError(.unavailable, "this node stopped being a manager during the backup; take it again")
        }
        // The sealing key first: the key file read after it holds it (a rotation persists a key
        // before sealing with it, and drops only keys nothing kept uses).
        let sealingKey = runtime.storage.keys.ring.current
        let autolocked = runtime.storage.keys.isAutolocked
        let (nodeState, credentials, keys): ([UInt8], [UInt8], [UInt8])
        do {
            nodeState = try AtomicFile.read(NodeStateFile.path(in: configuration.dataDirectory))
            credentials = try AtomicFile.read(managerCredentialsPath)
            keys = try AtomicFile.read(raftDirectory.appending(KeyStore.fileName))
        } catch {
            throw ControlError(.internalFailure, "reading the node's files for the backup failed: \(error)")
        }
        // Encoding the image takes a while for a large store: off this actor.
        return await Task.detached {
            BackupPayload.make(
                capture: capture, state: state, nodeStateBytes: nodeState, credentials: credentials, keys: keys, sealingKey: sealingKey,
                autolocked: autolocked, method: "hot"
            )
        }.value
    }
}
