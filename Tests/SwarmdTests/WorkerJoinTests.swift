import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// `docker swarm join` as a worker, through the CA's join calls on the manager's listen address:
/// valid worker tokens get a certificate and a node object; rotated, foreign and manager tokens
/// are refused with clear messages. The worker's heartbeats make it ready; silence makes it
/// down; a hung manager loses the worker's session.
@Suite(.serialized) struct WorkerJoinTests {
    @Test func workersJoinWithTheCurrentTokenOnly() throws {
        let scratch = try ScratchDirectory()
        let manager = try SwarmdProcess(index: 5, directory: scratch)
        let worker = try SwarmdProcess(index: 6, directory: scratch)
        let late = try SwarmdProcess(index: 7, directory: scratch)
        for node in [manager, worker, late] { try node.start() }
        // A one-second heartbeat period: down after three silent seconds.
        _ = try manager.dockerOutput(["swarm", "init", "--advertise-addr", manager.host, "--dispatcher-heartbeat", "1s"])
        let token = try manager.dockerOutput(["swarm", "join-token", "-q", "worker"])

        #expect(try worker.dockerOutput(["swarm", "join", "--token", token, manager.listenAddress]) == "This node joined a swarm as a worker.")
        #expect(try worker.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeAddr}}"]) == "active false \(worker.host)")
        let workerID = try worker.dockerOutput(["info", "--format", "{{.Swarm.NodeID}}"])
        #expect(try manager.dockerOutput(["node", "inspect", workerID, "--format", "{{.Spec.Role}} {{.Description.Hostname}} {{.Status.Addr}}"]) == "worker node6 \(worker.host)")
        #expect(try manager.dockerOutput(["node", "ls", "-q"]).split(separator: "\n").count == 2)
        let managerOnly = try worker.docker(["node", "ls"])
        #expect(managerOnly.standardError.contains("Worker nodes can't be used to view or modify cluster state"))

        // The worker's certificate and key never lie in the clear; a restart keeps it a worker.
        let scan = RawByteScan(worker.dataDirectory)
        #expect(scan.files(holding: "PRIVATE KEY").isEmpty, "these files hold a PEM private key: \(scan.files(holding: "PRIVATE KEY"))")
        func state(_ id: String) -> String? { try? manager.dockerOutput(["node", "inspect", id, "--format", "{{.Status.State}} {{.Status.Message}}"]) }
        try waitUntil(timeout: .seconds(10), "the worker's heartbeats make it ready") { state(workerID) == "ready" }
        let removeReady = try manager.docker(["node", "rm", workerID])
        #expect(removeReady.standardError.contains("is not down and can't be removed"), "\(removeReady.standardError)")

        // Killed: down after three missed periods; restarted: ready again, still the same node.
        worker.kill()
        try waitUntil(timeout: .seconds(15), "the silent worker is down") { state(workerID) == "down heartbeat failure" }
        try worker.start()
        #expect(try worker.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.NodeID}}"]) == "active \(workerID)")
        try waitUntil(timeout: .seconds(10), "the restarted worker is ready again") { state(workerID) == "ready" }

        // A hung manager (connections open, nothing answered): the worker gives its session up
        // within a period plus the grace, and is back once the manager runs again.
        func logged(_ text: String) -> Int { worker.log.components(separatedBy: text).count - 1 }
        func waitForWorker(_ timeout: Duration, _ what: String, _ condition: () -> Bool) throws {
            do {
                try waitUntil(timeout: timeout, what, condition)
            } catch {
                throw TestFailure("\(error); the worker's log:\n\(worker.log.split(separator: "\n").suffix(30).joined(separator: "\n"))")
            }
        }
        let (silences, recoveries) = (logged("answered no heartbeat"), logged("heartbeats reach a manager again"))
        manager.pause()
        let paused = ContinuousClock.now
        try waitForWorker(.seconds(20), "the worker gives up on the silent manager") { logged("answered no heartbeat") > silences }
        print("hung manager: the worker gave its session up after \(ContinuousClock.now - paused)")
        manager.resume()
        try waitForWorker(.seconds(15), "the worker's heartbeats reach the manager again") { logged("heartbeats reach a manager again") > recoveries }
        try waitUntil(timeout: .seconds(10), "the worker is ready after the manager's hang") { state(workerID) == "ready" }

        // Rotation: the old token no longer joins; the new one does.
        _ = try manager.dockerOutput(["swarm", "join-token", "--rotate", "-q", "worker"])
        let old = try late.docker(["swarm", "join", "--token", token, manager.listenAddress])
        #expect(old.exitStatus != 0 && old.standardError.contains("A valid join token is necessary to join this cluster"), "\(old.standardError)")
        let foreign = try late.docker([
            "swarm", "join", "--token", "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3hg1k8x9w6lk9zeox", manager.listenAddress,
        ])
        #expect(foreign.standardError.contains("does not match the join token's digest"), "\(foreign.standardError)")
        let malformed = try late.docker(["swarm", "join", "--token", "SWMTKN-1-short", manager.listenAddress])
        #expect(malformed.standardError.contains("invalid join token"), "\(malformed.standardError)")
        #expect(try late.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "inactive")
        let rotated = try manager.dockerOutput(["swarm", "join-token", "-q", "worker"])
        _ = try late.dockerOutput(["swarm", "join", "--token", rotated, manager.listenAddress])
        #expect(try manager.dockerOutput(["node", "ls", "-q"]).split(separator: "\n").count == 3)

        // A worker leaves without --force; the manager keeps its node object (down) until rm.
        #expect(try worker.dockerOutput(["swarm", "leave"]) == "Node left the swarm.")
        #expect(try worker.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "inactive")
        try waitUntil(timeout: .seconds(15), "the departed worker is down") { state(workerID)?.hasPrefix("down") == true }
        _ = try manager.dockerOutput(["node", "rm", workerID])
        #expect(try manager.dockerOutput(["node", "ls", "-q"]).split(separator: "\n").count == 2)
        for node in [manager, worker, late] { node.stop() }
    }
}
