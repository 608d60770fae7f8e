public import SwarmNode

/// A manifest in words, for `swarm-backup inspect` and the line a backup prints.
public struct BackupSummary {
    let manifest: BackupDescription

    public init(_ manifest: BackupDescription) {
        self.manifest = manifest
    }

    /// The object counts in one line.
    public var objectLine: String {
        let objects = manifest.objects
        return "\(objects.nodes) nodes, \(objects.secrets) secrets, \(objects.configs) configs"
    }

    /// The whole manifest, one fact per line.
    public var lines: [String] {
        [
            "cluster:        \(manifest.clusterID)",
            "taken from:     node \(manifest.nodeID) (\(manifest.method) backup, swarmd \(manifest.swarmdVersion))",
            "created:        \(manifest.createdAt)",
            "raft:           index \(manifest.raftIndex), term \(manifest.raftTerm), \(manifest.managerCount) manager(s)",
            "objects:        \(objectLine)",
            "state:          \(manifest.stateByteCount) bytes",
            "autolocked:     \(manifest.autolocked ? "yes: restoring needs the swarm's unlock key" : "no")",
        ] + manifest.files.map { "file:           \($0.path), \($0.byteCount) bytes, sha256 \($0.sha256 ?? "?")" }
    }
}
