public import DockerAPI
import Foundation
import Logging
import RaftNode
import SwarmStorage
public import SwarmManager

extension SwarmNode {
    /// A hot backup of this manager's state: captured at a linearizable read point (every write
    /// acknowledged before the call is in it), with writes paused only while the store is frozen
    /// (an O(1) copy), then sealed with the current data key and streamed; the node's own files
    /// (`state.json`, `credentials`, `raft/keys`) travel as they are on disk, still sealed.
    public func backup(priority: BackupPriority) async throws(ControlError) -> BackupStream {
        _ = try await control()  // a manager that knows a leader, or Docker's error
        guard case .manager(let runtime, let state) = phase else {
            throw ControlError(.unavailable, "this node stopped being a manager during the backup; take it again")
        }
        let capture: RaftStateCapture
        do {
            capture = try await runtime.raft.capture()
        } catch {
            throw ControlError(.unavailable, "the state could not be captured at a committed point: \(error)")
        }
        // The sealing key first: the key file read after it holds it (a rotation persists a key
        // before sealing with it, and drops only keys nothing kept uses).
        let sealingKey = runtime.storage.keys.ring.current
        let autolocked = runtime.storage.keys.isAutolocked
        let files: NodeFileBytes
        do {
            files = try NodeFileBytes.read(in: configuration.dataDirectory)
        } catch {
            throw ControlError(.internalFailure, "\(error)")
        }
        // Encoding and compressing the image take a while for a large store: off this actor,
        // and by default on CPU time that serving does not need.
        let made = await BackgroundPriority.run(at: priority) {
            Result { () throws(SwarmNodeError) in
                try BackupPayload.make(capture: capture, state: state, files: files, sealingKey: sealingKey, autolocked: autolocked, method: "hot")
            }
        }
        let payload: BackupPayload
        do {
            payload = try made.get()
        } catch {
            throw ControlError(.internalFailure, "\(error)")
        }
        logger.info("hot backup started", metadata: ["index": "\(capture.index)", "term": "\(capture.term)"])
        return BackupStream(body: FramedBackupStream(payload: payload))
    }
}
