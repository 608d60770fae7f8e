public import RaftNode
import RaftCore
import RaftTypes
import Foundation
import SwarmArchive
import SwarmState
public import SwarmStorage
import SwarmVersion

/// A backup before it is archived: its description and its files in archive order, each
/// delivered as a stream (a file's bytes, a snapshot sealed as it is read, or the hot backup
/// stream read from the socket).
public struct BackupPayload: Sendable {
    /// One file of the backup and its bytes.
    public struct Part: Sendable {
        public var path: String
        public var byteCount: Int64
        public var contents: any AsyncSequence<[UInt8], any Error> & Sendable

        public init(path: String, byteCount: Int64, contents: any AsyncSequence<[UInt8], any Error> & Sendable) {
            self.path = path
            self.byteCount = byteCount
            self.contents = contents
        }

        /// A part whose bytes are already in memory.
        init(path: String, bytes: [UInt8]) {
            self.init(path: path, byteCount: Int64(bytes.count), contents: BytesInMemory(bytes))
        }
    }

    /// Paths of the files, in the order every backup holds them.
    public enum Paths {
        public static let nodeState = "state.json"
        public static let credentials = "credentials"
        public static let keys = "raft/keys"
        public static let snapshot = "raft/state.snap"
        public static let manifest = "manifest.json"
        /// Every file a backup must hold, manifest last.
        public static let all = [nodeState, credentials, keys, snapshot, manifest]
    }

    public var description: BackupDescription
    public var parts: [Part]

    public init(description: BackupDescription, parts: [Part]) {
        self.description = description
        self.parts = parts
    }

    /// The payload of `capture`: the node's files as read and the captured state compressed
    /// (`ZstdFrame`), then sealed with `sealingKey` (the key store's current data key, which
    /// `files.keys` holds).
    static func make(
        capture: RaftStateCapture, state: NodeStateFile, files: NodeFileBytes, sealingKey: DataKey, autolocked: Bool, method: String
    ) throws(SwarmNodeError) -> BackupPayload {
        let tables = (capture.state as? SwarmStore.FrozenTables)?.tables
        let contents = capture.snapshotContents()
        let compressed: [UInt8]
        do {
            compressed = try ZstdFrame.compress(contents)
        } catch {
            throw .storage("compressing the state for the backup failed: \(error)")
        }
        let sealed = SealedSnapshotBytes(contents: compressed, index: capture.index, term: capture.term, key: sealingKey)
        let parts = [
            Part(path: Paths.nodeState, bytes: files.nodeState), Part(path: Paths.credentials, bytes: files.credentials),
            Part(path: Paths.keys, bytes: files.keys),
            Part(path: Paths.snapshot, byteCount: Int64(sealed.byteCount), contents: sealed),
        ]
        let description = BackupDescription(
            format: BackupDescription.currentFormat, clusterID: state.clusterID, nodeID: state.nodeID, raftIndex: capture.index.rawValue,
            raftTerm: capture.term.rawValue, createdAt: Date().formatted(.iso8601), swarmdVersion: SwarmVersion.current, autolocked: autolocked,
            method: method, managerCount: capture.membership.voters.count,
            objects: BackupDescription.ObjectCounts(
                clusters: tables?.clusters.count ?? 0, nodes: tables?.nodes.count ?? 0, secrets: tables?.secrets.count ?? 0,
                configs: tables?.configs.count ?? 0
            ),
            stateByteCount: Int64(contents.count),
            files: parts.map { BackupDescription.File(path: $0.path, byteCount: $0.byteCount) }
        )
        return BackupPayload(description: description, parts: parts)
    }
}
