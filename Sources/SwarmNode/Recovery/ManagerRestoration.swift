import RaftNode
import RaftTypes
import SwarmArchive
public import SwarmCrypto
import SwarmFileSystem
import SwarmManager
import SwarmState
import SwarmStorage
public import SystemPackage

/// Turns the files of a backup (extracted, verified) into the storage of a one-manager swarm:
/// the node the backup was taken from, now alone and at the addresses given.
public enum ManagerRestoration {
    /// Where the node listens and what it advertises after the restore; nil keeps what the
    /// backup says (a listen address on one IP follows a new advertise address).
    public struct Addresses: Sendable {
        public var listen: String?
        public var advertise: String?

        public init(listen: String?, advertise: String?) {
            self.listen = listen
            self.advertise = advertise
        }
    }

    /// Writes the rebuilt storage into `rebuilt.staging` from the backup files in `files`,
    /// which `manifest` describes; returns the new unlock key when `rotateKeys` issued one.
    ///
    /// - Throws: `.locked` (an autolocked backup and no key), `.wrongUnlockKey`,
    ///   `.unreadableState` naming the file that does not open, `.storage`.
    public static func build(
        fromBackupFiles files: FilePath, describedBy manifest: BackupDescription, into rebuilt: RebuiltDataDirectory, unlockKey: UnlockKey?, addresses: Addresses, rotateKeys: Bool
    ) async throws(SwarmNodeError) -> UnlockKey? {
        guard var state = try NodeStateFile.load(from: files), state.role == NodeStateFile.managerRole else {
            throw .notAManager(files)
        }
        let raftFiles = files.appending("raft")
        let keys = try OfflineStorage.keys(in: raftFiles, unlockKey: unlockKey)
        let credentials = try NodeCredentials.load(from: files, keys: keys.ring)
        let snapshotPath = files.appending(BackupPayload.Paths.snapshot)
        let image: SnapshotImage
        let metadata: SnapshotMetadata
        do {
            let reader = try SnapshotReader(path: snapshotPath, keys: keys.ring)
            metadata = reader.metadata
            let contents = try ZstdFrame.decompress(try reader.readAll(), byteCount: Int(manifest.stateByteCount))
            image = try SnapshotImage(decoding: contents)
        } catch {
            throw .unreadableState(path: snapshotPath.string, reason: "\(error)")
        }
        try state.move(to: addresses)
        let rebuild = SingleManagerRebuild(
            state: state, credentials: credentials, contents: .image(image.stateMachineImage), index: metadata.index, term: metadata.term
        )
        return try await rebuild.write(into: rebuilt.staging, keysFrom: raftFiles, unlockKey: keys.unlockKey, rotateKeys: rotateKeys)
    }
}

extension NodeStateFile {
    /// Takes the addresses `addresses` names (keeping the others); a listen address on one IP
    /// moves with a new advertise address, as the node now runs where that address is.
    mutating func move(to addresses: ManagerRestoration.Addresses) throws(SwarmNodeError) {
        var listen = addresses.listen ?? ""
        if listen.isEmpty, let advertise = addresses.advertise, let (oldHost, oldPort) = SwarmAddresses.split(listenAddress),
            oldHost != "0.0.0.0", let (newHost, _) = SwarmAddresses.split(advertise)
        {
            listen = "\(newHost):\(oldPort ?? 2377)"
        }
        do {
            let resolved = try SwarmAddresses(
                requestedListen: listen, requestedAdvertise: addresses.advertise ?? "", configuredListen: listenAddress,
                configuredAdvertise: advertiseAddress
            )
            listenAddress = resolved.listen
            advertiseAddress = resolved.advertise
        } catch {
            throw .invalidAddress("\(error)")
        }
    }
}
