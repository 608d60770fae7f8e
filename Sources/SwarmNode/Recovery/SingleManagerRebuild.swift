import Foundation
import RaftCore
import RaftNode
import RaftTypes
import SwarmCrypto
import SwarmFileSystem
import SwarmManager
import SwarmState
import SwarmStorage
import SystemPackage

/// Writes the storage of a one-manager swarm from a manager's committed state: what a restore
/// and `--force-new-cluster` both end with. The Raft group is this node alone, written as a
/// fresh snapshot whose member list holds only it (not as log entries removing the others,
/// moby/swarmkit#603), so nothing of the old group's log survives to be replayed. The swarm
/// keeps its cluster ID, objects, secrets, CA and join tokens (unless rotated); the node gets
/// its new addresses both in `state.json` and in its `Node` object (Swarm keeps the old
/// address in the store, moby/swarmkit#642); the other managers become down workers, to be
/// removed or rejoined.
struct SingleManagerRebuild {
    /// The state to rebuild from.
    enum Contents {
        /// Decoded (a running manager's, or one replayed from its log).
        case tables(StoreTables)
        /// A snapshot's store image: only its cluster and nodes are decoded and rewritten.
        case image([UInt8])
    }

    /// The node that will be the swarm's only manager, with its (new) addresses.
    var state: NodeStateFile
    var credentials: NodeCredentials
    /// The state, as of `index` (of `term`).
    var contents: Contents
    var index: LogIndex
    var term: Term

    /// Writes `raft/`, `credentials` and `state.json` (last) into `directory`, which must be
    /// empty. The data keys are a copy of the key store in `keysFrom` (a Raft directory, whose
    /// keys `unlockKey` opens) unless `rotateKeys` asks for a new data key, new join tokens and
    /// (in an autolocked swarm) a new unlock key, which is returned.
    func write(into directory: FilePath, keysFrom source: FilePath, unlockKey: UnlockKey?, rotateKeys: Bool) async throws(SwarmNodeError) -> UnlockKey? {
        let (image, newUnlockKey) = try rebuiltImage(rotateKeys: rotateKeys)
        let raftDirectory = directory.appending("raft")
        let openingKey = rotateKeys ? newUnlockKey : unlockKey
        do {
            try FileSystemCalls.makeDirectoryIfMissing(raftDirectory, permissions: .ownerReadWriteExecute)
            if rotateKeys {
                _ = try KeyStore.create(in: raftDirectory, protection: newUnlockKey.map { .unlockKey($0) } ?? .none)
            } else {
                let keysFile = try AtomicFile.read(source.appending(KeyStore.fileName))
                try AtomicFile.write(keysFile, to: raftDirectory.appending(KeyStore.fileName), permissions: [.ownerReadWrite])
            }
        } catch {
            throw .storage("writing the new data keys in \(raftDirectory) failed: \(error)")
        }
        let storage: RaftStorage
        do {
            storage = try RaftStorage(directory: raftDirectory, unlockKey: openingKey)
        } catch {
            throw .storage("opening the new Raft storage in \(raftDirectory) failed: \(error)")
        }
        defer { storage.close() }
        let member = RaftMemberID(state.raftMemberID)
        let contents = SnapshotImage(membership: RaftMembership(voters: [member]), stateMachineImage: image).encoded
        do {
            _ = try await storage.installSnapshot(index: index, term: term, contents: BytesInMemory(contents))
            try await storage.log.append(entries: [], hardState: HardState(term: term, vote: nil, commit: index))
        } catch {
            throw .storage("writing the one-manager Raft storage in \(raftDirectory) failed: \(error)")
        }
        try credentials.save(in: directory, sealedWith: storage.keys.ring.current)
        try state.save(in: directory)
        return newUnlockKey
    }

    /// The state's image with the objects the new group changes rewritten, and the new unlock
    /// key when rotating an autolocked swarm's keys.
    private func rebuiltImage(rotateKeys: Bool) throws(SwarmNodeError) -> (image: [UInt8], newUnlockKey: UnlockKey?) {
        switch contents {
        case .tables(var tables):
            let newUnlockKey = try rebuildObjects(&tables, rotateKeys: rotateKeys)
            return (tables.image, newUnlockKey)
        case .image(let image):
            do {
                var tables = try StoreTables(clustersAndNodesOf: image)
                let newUnlockKey = try rebuildObjects(&tables, rotateKeys: rotateKeys)
                return (try tables.image(replacingClustersAndNodesOf: image), newUnlockKey)
            } catch let error as SwarmNodeError {
                throw error
            } catch {
                throw .unreadableState(path: "the state", reason: "its image cannot be read: \(error)")
            }
        }
    }

    /// Rewrites the objects the new group changes (the cluster and the nodes only); returns the
    /// new unlock key when rotating an autolocked swarm's keys.
    private func rebuildObjects(_ tables: inout StoreTables, rotateKeys: Bool) throws(SwarmNodeError) -> UnlockKey? {
        let version = ObjectVersion(index: index.rawValue)
        var actions: [StoreAction] = []
        guard let me = tables.nodes[NodeID(rawValue: state.nodeID)] else {
            throw .unreadableState(path: "the state", reason: "it has no node \(state.nodeID), the manager it was taken from")
        }
        var manager = me
        manager.role = .manager
        manager.spec.role = .manager
        manager.managerStatus = Node.ManagerStatus(raftMemberID: state.raftMemberID, address: state.advertiseAddress)
        manager.status = Node.Status(state: .ready, address: state.advertiseHost)
        actions.append(.update(.node(manager), expected: me.meta.version))
        for node in tables.nodes.unordered where node.id != me.id && node.managerStatus != nil {
            var former = node
            former.role = .worker
            former.spec.role = .worker
            former.managerStatus = nil
            former.status = Node.Status(
                state: .down, message: "no longer a manager: the swarm was restored or forced into a new cluster on \(me.id)",
                address: node.status.address
            )
            actions.append(.update(.node(former), expected: node.meta.version))
        }
        var rotated: UnlockKey?
        if rotateKeys, var cluster = tables.cluster, let secretsKey = credentials.secretsKey {
            let rootCA = Array(cluster.rootCA.certificatePEM.utf8)
            cluster.joinTokens = Cluster.JoinTokens(
                worker: JoinToken.generate(rootCACertificatePEM: rootCA).revealedText(),
                manager: JoinToken.generate(rootCACertificatePEM: rootCA).revealedText()
            )
            if cluster.spec.encryptionConfig.autoLockManagers {
                let key = UnlockKey.generate()
                cluster.sealedUnlockKey = key.key.withUnsafeBytes { ClusterSealing.seal(Array($0), for: .unlockKey, with: secretsKey) }
                rotated = key
            }
            actions.append(.update(.cluster(cluster), expected: tables.cluster?.meta.version ?? version))
        }
        do {
            try tables.apply(actions, at: version)
        } catch {
            throw .unreadableState(path: "the state", reason: "its objects could not be rewritten for one manager: \(error)")
        }
        return rotated
    }
}
