/// What a backup holds, as its manifest (`manifest.json`, the archive's last file) and the hot
/// backup stream's header describe it. No secret is ever in it: it names things and counts them.
public struct BackupDescription: Codable, Sendable, Equatable {
    /// The manifest layout this build writes; a reader refuses any other. Format 2: the state
    /// is compressed before it is sealed (format 1, a development build's, sealed it as it was).
    public static let currentFormat = 2

    /// One file of the backup.
    public struct File: Codable, Sendable, Equatable {
        /// Its path in the archive.
        public var path: String
        public var byteCount: Int64
        /// Its SHA-256 as lower-case hex: in the manifest; not in a stream header, where the
        /// file has not been read yet.
        public var sha256: String?

        public init(path: String, byteCount: Int64, sha256: String? = nil) {
            self.path = path
            self.byteCount = byteCount
            self.sha256 = sha256
        }
    }

    /// How many objects of each kind the state holds.
    public struct ObjectCounts: Codable, Sendable, Equatable {
        public var clusters: Int
        public var nodes: Int
        public var secrets: Int
        public var configs: Int
    }

    public var format: Int
    public var clusterID: String
    /// The manager the backup was taken from (or whose data directory was read).
    public var nodeID: String
    /// The last Raft entry the state includes, and its term.
    public var raftIndex: UInt64
    public var raftTerm: UInt64
    /// When the state was captured (RFC 3339, UTC).
    public var createdAt: String
    public var swarmdVersion: String
    /// Whether the data keys are wrapped under the swarm's unlock key: restoring then needs it.
    public var autolocked: Bool
    /// `hot` (through the running manager) or `cold` (from a stopped node's data directory).
    public var method: String
    /// The Raft group's voters at `raftIndex`.
    public var managerCount: Int
    public var objects: ObjectCounts
    /// Bytes of the state (its snapshot image), before compression and sealing.
    public var stateByteCount: Int64
    public var files: [File]
}
