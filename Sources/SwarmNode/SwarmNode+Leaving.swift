import Foundation
import SwarmFileSystem
import Logging
public import SwarmManager
import SystemPackage

/// `docker swarm leave`: stopping the node's role and erasing its swarm state.
extension SwarmNode {
    public func leave(force: Bool) async throws(ControlError) {
        switch phase {
        case .inactive:
            throw ControlError(.unavailable, "This node is not part of a swarm")
        case .founding, .joining:
            throw ControlError(.unavailable, "swarm init or join is in progress on this node; retry when it finished")
        case .changingRole:
            throw ControlError(.unavailable, "this node is changing role (promote or demote); retry in a moment")
        case .worker:
            break
        case .locked(_, let isUnlocking):
            guard force, !isUnlocking else {
                throw ControlError(
                    .unavailable,
                    "This node is a locked manager. Unlock it with \"docker swarm unlock\", or use `--force` to leave the swarm and erase this node's swarm state."
                )
            }
        case .manager:
            guard force else {
                throw ControlError(
                    .unavailable,
                    "You are attempting to leave the swarm on a node that is participating as a manager. Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message."
                )
            }
        }
        await stopAgent(removingContainers: true)
        await shutdown()
        do {
            try removeSwarmState()
        } catch {
            throw ControlError(.internalFailure, "\(error)")
        }
        logger.info("left the swarm")
    }

    /// Deletes the node's swarm state, `state.json` first (so a crash midway leaves a node that
    /// is simply outside any swarm).
    func removeSwarmState() throws {
        let statePath = NodeStateFile.path(in: configuration.dataDirectory)
        if FileSystemCalls.exists(statePath) { try FileSystemCalls.removeFile(statePath) }
        try remove([managerCredentialsPath, raftDirectory, workerDirectory, agentDirectory, containersDirectory])
    }

    /// Deletes those of `paths` that exist (files or whole directories), durably.
    func remove(_ paths: [FilePath]) throws {
        for path in paths where FileSystemCalls.exists(path) {
            try FileManager.default.removeItem(atPath: path.string)
        }
        try FileSystemCalls.synchronizeDirectory(configuration.dataDirectory)
    }
}
