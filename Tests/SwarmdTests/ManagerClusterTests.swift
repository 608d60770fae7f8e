import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// Three managers and two workers on 127.0.0.18–22, driven by the docker CLI: managers join with
/// the manager token and become Raft voters; the swarm survives the leader's kill -9 (workers
/// follow the new leader); without a quorum writes fail with Docker's no-leader error and nothing
/// is lost.
@Suite(.serialized) struct ManagerClusterTests {
    func leaderLine(_ node: SwarmdProcess) -> String? {
        try? node.dockerOutput(["node", "ls", "--format", "{{.Hostname}} {{.ManagerStatus}}"])
    }

    @Test func threeManagersTwoWorkersFailoverAndNoQuorum() throws {
        let scratch = try ScratchDirectory()
        let managers = try (8...10).map { try SwarmdProcess(index: $0, directory: scratch) }
        let workers = try (11...12).map { try SwarmdProcess(index: $0, directory: scratch) }
        for node in managers + workers { try node.start() }
        let first = managers[0]
        _ = try first.dockerOutput(["swarm", "init", "--advertise-addr", first.host, "--dispatcher-heartbeat", "1s"])
        let managerToken = try first.dockerOutput(["swarm", "join-token", "-q", "manager"])
        let workerToken = try first.dockerOutput(["swarm", "join-token", "-q", "worker"])
        for manager in managers.dropFirst() {
            #expect(try manager.dockerOutput(["swarm", "join", "--token", managerToken, first.listenAddress]) == "This node joined a swarm as a manager.")
        }
        for worker in workers {
            #expect(try worker.dockerOutput(["swarm", "join", "--token", workerToken, first.listenAddress]) == "This node joined a swarm as a worker.")
        }

        // Every manager sees the same five nodes: one leader, two reachable managers, workers ready.
        let expected = "node10 Reachable\nnode11\nnode12\nnode8 Leader\nnode9 Reachable"
        for manager in managers {
            var seen: String?
            do {
                try waitUntil(timeout: .seconds(30), "node \(manager.index) lists the whole swarm") {
                    seen = leaderLine(manager).map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.sorted().joined(separator: "\n") }
                    return seen == expected
                }
            } catch {
                throw TestFailure("\(error); it listed: \(String(reflecting: seen)); its error: \((try? manager.docker(["node", "ls"]))?.standardError ?? "")")
            }
        }
        try waitUntil(timeout: .seconds(15), "both workers are ready") {
            (try? first.dockerOutput(["node", "ls", "--filter", "role=worker", "--format", "{{.Status}}"])) == "Ready\nReady"
        }
        _ = try managers[1].dockerOutput(["secret", "create", "kept", "/etc/hostname"])

        // kill -9 the leader: a survivor answers with a new leader within seconds.
        first.kill()
        let killed = ContinuousClock.now
        try waitUntil(timeout: .seconds(15), "a survivor names a new leader") {
            (leaderLine(managers[1]) ?? "").contains("Leader") && !(leaderLine(managers[1]) ?? "").contains("node8 Leader")
        }
        let failover = ContinuousClock.now - killed
        print("manager failover: a new leader answered node ls after \(failover)")
        #expect(failover < .seconds(10), "failover took \(failover)")
        _ = try managers[2].dockerOutput(["secret", "create", "after_failover", "/etc/hostname"])

        // The survivors show the killed manager unreachable and down; the workers, which joined
        // through it, move their heartbeats to the new leader and stay ready.
        let health = "{{.Hostname}} {{.Status}} {{.ManagerStatus}}"
        try waitUntil(timeout: .seconds(15), "the killed manager is unreachable and down") {
            (try? managers[2].dockerOutput(["node", "ls", "--format", health]))?.contains("node8 Down Unreachable") == true
        }
        Thread.sleep(forTimeInterval: 4)
        #expect(try managers[1].dockerOutput(["node", "ls", "--filter", "role=worker", "--format", "{{.Status}}"]) == "Ready\nReady")

        // Two of three managers down: writes fail with Docker's no-leader error, nothing changes.
        managers[1].kill()
        try waitUntil(timeout: .seconds(15), "the last manager knows it has no leader") {
            (try? managers[2].docker(["secret", "ls"]))?.standardError.contains("does not have a leader") == true
        }
        let refused = try managers[2].docker(["secret", "create", "no_quorum", "/etc/hostname"])
        #expect(refused.exitStatus != 0 && refused.standardError.contains("The swarm does not have a leader"), "\(refused.standardError)")

        // Back to a quorum: the secrets written before are there, the refused one is not.
        try managers[1].start()
        try waitUntil(timeout: .seconds(30), "the swarm has a leader again") { (leaderLine(managers[2]) ?? "").contains("Leader") }
        #expect(try managers[2].dockerOutput(["secret", "ls", "--format", "{{.Name}}"]).split(separator: "\n").sorted() == ["after_failover", "kept"])
        for node in managers + workers { node.stop() }
    }
}
