public import SwarmFileSystem
public import SystemPackage

/// Why a node could not start, found or leave a swarm, with what the operator should do.
public enum SwarmNodeError: Error, Sendable, CustomStringConvertible {
    /// A file of the node's state cannot be read.
    case unreadableState(path: String, reason: String)
    /// Writing the node's state failed.
    case storage(String)
    /// The Raft node or transport could not start.
    case startFailed(String)
    /// Another process holds the data directory, or its lock file cannot be used.
    case dataDirectoryUnavailable(DataDirectoryLockError)
    /// The data directory holds no manager's state (no swarm, or a worker's).
    case notAManager(FilePath)
    /// A listen or advertise address given for a restore or force-new-cluster is not usable.
    case invalidAddress(String)
    /// The data keys are wrapped under the unlock key and none was given.
    case locked
    /// The unlock key given does not open the data keys.
    case wrongUnlockKey

    public var description: String {
        switch self {
        case .unreadableState(let path, let reason):
            "the node state file \(path) cannot be used: \(reason)"
        case .storage(let reason):
            "\(reason); check the data directory's disk and permissions"
        case .startFailed(let reason):
            "the manager could not start: \(reason)"
        case .dataDirectoryUnavailable(let error):
            "\(error)"
        case .notAManager(let directory):
            "\(directory) holds no manager's state (it is not in a swarm, or it is a worker's): back up and restore a manager's data directory"
        case .invalidAddress(let reason):
            reason
        case .locked:
            "Swarm is encrypted and needs to be unlocked before it can be used. Please use \"docker swarm unlock\" to unlock it."
        case .wrongUnlockKey:
            "swarm could not be unlocked: invalid key supplied"
        }
    }
}
