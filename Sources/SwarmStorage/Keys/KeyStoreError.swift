public import SwarmFileSystem
public import SystemPackage

/// Why the key store could not be opened or changed. Messages never contain key material.
public enum KeyStoreError: Error, Sendable, CustomStringConvertible {
    /// No key store in the directory.
    case missing(FilePath)
    /// A key store already exists where a new one was to be created.
    case alreadyExists(FilePath)
    /// The data keys are wrapped (autolock) and no unlock key was given.
    case locked(FilePath)
    /// The unlock key given does not unwrap the data keys.
    case wrongUnlockKey(FilePath)
    /// An unlock key was given, but the data keys are not wrapped.
    case notLocked(FilePath)
    /// The file is not a key store this build can read, or it was damaged.
    case damaged(FilePath, reason: String)
    /// `finishRotation` was called with no rotation in progress.
    case noRotationInProgress
    /// The old data key still protects data on disk, so it cannot be dropped yet.
    case oldKeyStillInUse(DataKeyID)
    /// The operating system refused a file operation.
    case fileSystem(FileSystemError)

    public var description: String {
        switch self {
        case .missing(let path):
            "there is no key store at \(path): this is not a manager's data directory, or it was not initialised"
        case .alreadyExists(let path):
            "a key store already exists at \(path); it was not replaced"
        case .locked(let path):
            "this manager is locked: the data keys in \(path) are protected by the cluster's unlock key; "
                + "unlock it with 'docker swarm unlock' (or --unlock-key-file)"
        case .wrongUnlockKey(let path):
            "wrong unlock key: it does not open the data keys in \(path); nothing was changed. Use the key "
                + "'docker swarm unlock-key' printed most recently (an older one stops working after a rotation)"
        case .notLocked(let path):
            "this manager is not locked (the data keys in \(path) are not protected by an unlock key); "
                + "no unlock key is needed"
        case .damaged(let path, let reason):
            "the key store \(path) is damaged (\(reason)); without it the encrypted state cannot be read: "
                + "restore this manager from a backup (swarm-restore)"
        case .noRotationInProgress:
            "no data key rotation is in progress"
        case .oldKeyStillInUse(let id):
            "data key \(id) still protects files on disk; finish the rotation after a new snapshot replaced them"
        case .fileSystem(let error):
            "key store: \(error)"
        }
    }
}
