import Foundation
import Logging
import SwarmAgent
import SwarmExecutors
import SwarmTransport
import SystemPackage

/// The node's agent, which runs the tasks the swarm assigns to it on managers and workers
/// alike: started when the node takes a role in a swarm, it carries on through promotions and
/// demotions (it asks the phase of the moment for its identity and managers), and stops with
/// the node. Its containers outlive a stopped swarmd (the next start re-adopts them); leaving
/// the swarm removes them.
extension SwarmNode {
    /// Where the agent keeps its task database.
    var agentDirectory: FilePath { configuration.dataDirectory.appending("agent") }
    /// Where task containers' bundles and logs are.
    var containersDirectory: FilePath { configuration.dataDirectory.appending("containers") }
    /// Where pulled images are.
    var imagesDirectory: FilePath { configuration.dataDirectory.appending("images") }

    /// Starts the agent if the node has a role in a swarm and it is not running yet.
    func startAgentIfInSwarm() {
        guard agent == nil else { return }
        switch phase {
        case .manager, .worker: break
        case .inactive, .founding, .locked, .joining, .changingRole: return
        }
        do {
            try FileManager.default.createDirectory(atPath: agentDirectory.string, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let images = try ImageStore(directory: imagesDirectory, registry: registry, logger: logger)
            let executor = try RuncExecutor(directory: containersDirectory, images: images, logger: logger)
            let started = try Agent(
                databasePath: agentDirectory.appending("tasks.db").string, executor: executor,
                identity: { [weak self] in await self?.agentIdentity() }, managers: { [weak self] in await self?.agentManagers() ?? [] }, logger: logger
            )
            agent = (started, Task { await started.run() })
        } catch {
            logger.error("the agent could not start: this node runs no tasks", metadata: ["error": "\(error)"])
        }
    }

    /// Stops the agent; with `removingContainers` (leaving the swarm) its containers go too.
    func stopAgent(removingContainers: Bool) async {
        guard let (running, task) = agent else { return }
        agent = nil
        task.cancel()
        await task.value
        if removingContainers { await running.removeAll() }
    }

    /// The certificate the agent presents now, if the node has one.
    private func agentIdentity() -> TransportIdentity? {
        switch phase {
        case .manager(let runtime, _): runtime.transport.currentIdentity
        case .worker: workerIdentity?.value
        case .inactive, .founding, .locked, .joining, .changingRole: nil
        }
    }

    /// The managers the agent may ask: a manager asks itself (it redirects to the leader); a
    /// worker the managers it knows.
    private func agentManagers() -> [TransportAddress] {
        switch phase {
        case .manager(let runtime, _):
            return [runtime.transport.localDialAddress]
        case .worker(let state, _): return state.managers
        case .inactive, .founding, .locked, .joining, .changingRole: return []
        }
    }
}
