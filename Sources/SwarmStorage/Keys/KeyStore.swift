public import SwarmCrypto
import SwarmFileSystem
import Synchronization
public import SystemPackage

/// The data keys (DEKs) that seal the write-ahead log and snapshots, kept in one file that is
/// only ever replaced atomically (write a temporary file, fsync, rename, fsync the directory):
/// after a crash at any instant the file holds the old state or the new one.
///
/// Without autolock the keys are stored in the clear in a 0600 file, as Swarm does. With
/// autolock they are wrapped under a KEK derived from the cluster's unlock key, which is never
/// written anywhere; opening needs the key, and a wrong key changes nothing.
///
/// DEK rotation (Docs/storage.md): `beginRotation` adds a pending key that seals everything new
/// while the current one still opens older files; `finishRotation` drops the old key once no
/// kept file needs it. Thread-safe.
public final class KeyStore: Sendable {
    /// The file name inside the directory given to `create` or `open`.
    public static let fileName = "keys"

    /// The key store file.
    public let path: FilePath
    private struct State {
        var contents: KeyStoreFile.Contents
        var protection: KeyProtection
    }

    private let state: Mutex<State>

    private init(path: FilePath, contents: KeyStoreFile.Contents, protection: KeyProtection) {
        self.path = path
        self.state = Mutex(State(contents: contents, protection: protection))
    }

    /// Creates a key store with a new random data key in `directory`.
    ///
    /// - Throws: `.alreadyExists` rather than replace existing keys; `.fileSystem`.
    public static func create(in directory: FilePath, protection: KeyProtection) throws(KeyStoreError) -> KeyStore {
        let path = directory.appending(fileName)
        guard !FileSystemCalls.exists(path) else { throw .alreadyExists(path) }
        do {
            try FileSystemCalls.makeDirectoryIfMissing(directory, permissions: .ownerReadWriteExecute)
        } catch {
            throw .fileSystem(error)
        }
        let contents = KeyStoreFile.Contents(current: .generate(), pending: nil)
        try write(contents, protection: protection, to: path)
        return KeyStore(path: path, contents: contents, protection: protection)
    }

    /// Opens the key store in `directory`; `unlockKey` is required exactly when it is autolocked.
    ///
    /// - Throws: `.missing`, `.locked`, `.wrongUnlockKey`, `.notLocked`, `.damaged`, `.fileSystem`.
    ///   Opening never writes anything.
    public static func open(in directory: FilePath, unlockKey: UnlockKey?) throws(KeyStoreError) -> KeyStore {
        let path = directory.appending(fileName)
        guard FileSystemCalls.exists(path) else { throw .missing(path) }
        var bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path, byteLimit: 4096)
        } catch {
            throw error.errno == .fileTooLarge ? .damaged(path, reason: "it is larger than any key store") : .fileSystem(error)
        }
        defer { SecureMemory.wipe(&bytes) }
        let protection: KeyProtection = unlockKey.map { .unlockKey($0) } ?? .none
        do {
            let contents = try KeyStoreFile.decode(bytes, kek: protection.keyEncryptionKey)
            return KeyStore(path: path, contents: contents, protection: protection)
        } catch {
            switch error {
            case .damaged(let reason): throw .damaged(path, reason: reason)
            case .locked: throw .locked(path)
            case .wrongUnlockKey: throw .wrongUnlockKey(path)
            case .notLocked: throw .notLocked(path)
            }
        }
    }

    /// Whether a key store exists in `directory`.
    public static func exists(in directory: FilePath) -> Bool {
        FileSystemCalls.exists(directory.appending(fileName))
    }

    /// The keys to seal with (the pending one during a rotation) and to open with.
    public var ring: DataKeyRing {
        state.withLock { Self.ring(of: $0.contents) }
    }

    /// Whether the keys are wrapped under the unlock key.
    public var isAutolocked: Bool {
        state.withLock { $0.protection.isAutolocked }
    }

    /// The unlock key the data keys are wrapped under now (nil without autolock): what opens
    /// this store's file, or a copy of it, again.
    public var unlockKey: UnlockKey? {
        state.withLock { state in
            guard case .unlockKey(let key) = state.protection else { return nil }
            return key
        }
    }

    /// Whether a DEK rotation is in progress.
    public var isRotating: Bool {
        state.withLock { $0.contents.pending != nil }
    }

    /// Starts a DEK rotation: a new pending key seals everything from now on. Returns the ring
    /// to use. If a rotation is already in progress, returns its ring unchanged.
    public func beginRotation() throws(KeyStoreError) -> DataKeyRing {
        try update { contents in
            if contents.pending == nil { contents.pending = .generate() }
        }
    }

    /// Finishes a DEK rotation: the pending key becomes current and the old key is forgotten.
    ///
    /// - Parameter keysStillInUse: the key ids of every file storage still keeps.
    /// - Throws: `.noRotationInProgress`; `.oldKeyStillInUse` if the old key still protects a
    ///   kept file (nothing is changed).
    public func finishRotation(keysStillInUse: Set<DataKeyID>) throws(KeyStoreError) -> DataKeyRing {
        try update { (contents) throws(KeyStoreError) in
            guard let pending = contents.pending else { throw .noRotationInProgress }
            guard !keysStillInUse.contains(contents.current.id) else { throw .oldKeyStillInUse(contents.current.id) }
            contents = KeyStoreFile.Contents(current: pending, pending: nil)
        }
    }

    /// Rewraps the data keys: turns autolock on, rotates the unlock key, or turns autolock off.
    /// When it returns, the new protection is durable and the old unlock key no longer opens the
    /// store. The data keys themselves are unchanged.
    public func changeProtection(to protection: KeyProtection) throws(KeyStoreError) {
        try state.withLock { (state) throws(KeyStoreError) in
            try Self.write(state.contents, protection: protection, to: path)
            state.protection = protection
        }
    }

    // MARK: - Internals

    private func update(_ change: (inout KeyStoreFile.Contents) throws(KeyStoreError) -> Void) throws(KeyStoreError) -> DataKeyRing {
        try state.withLock { (state) throws(KeyStoreError) in
            var contents = state.contents
            try change(&contents)
            try Self.write(contents, protection: state.protection, to: path)
            state.contents = contents
            return Self.ring(of: contents)
        }
    }

    private static func ring(of contents: KeyStoreFile.Contents) -> DataKeyRing {
        if let pending = contents.pending {
            return DataKeyRing(current: pending, readable: [contents.current])
        }
        return DataKeyRing(current: contents.current)
    }

    private static func write(_ contents: KeyStoreFile.Contents, protection: KeyProtection, to path: FilePath) throws(KeyStoreError) {
        var bytes = KeyStoreFile.encode(contents, kek: protection.keyEncryptionKey)
        defer { SecureMemory.wipe(&bytes) }
        do {
            try AtomicFile.write(bytes, to: path, permissions: [.ownerReadWrite])
        } catch {
            throw .fileSystem(error)
        }
    }
}
