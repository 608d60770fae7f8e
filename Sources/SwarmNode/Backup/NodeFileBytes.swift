import SwarmFileSystem
import SwarmStorage
import SystemPackage

/// The node's own files a backup carries as they are on disk, still sealed: `state.json`,
/// `credentials` and the key store.
struct NodeFileBytes: Sendable {
    var nodeState: [UInt8]
    var credentials: [UInt8]
    var keys: [UInt8]

    /// Reads them from the manager data directory `dataDirectory`.
    static func read(in dataDirectory: FilePath) throws(SwarmNodeError) -> NodeFileBytes {
        do {
            return NodeFileBytes(
                nodeState: try AtomicFile.read(NodeStateFile.path(in: dataDirectory)),
                credentials: try AtomicFile.read(dataDirectory.appending(NodeCredentials.fileName)),
                keys: try AtomicFile.read(dataDirectory.appending("raft").appending(KeyStore.fileName))
            )
        } catch {
            throw .storage("reading the node's files in \(dataDirectory) for the backup failed: \(error)")
        }
    }
}
