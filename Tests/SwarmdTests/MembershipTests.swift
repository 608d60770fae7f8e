import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// Changing the swarm's members with the docker CLI, as Docker's tutorial does, on 127.0.0.23–26:
/// a worker promoted to manager joins Raft and serves the API; a demoted manager (the leader
/// itself) hands over leadership and becomes a worker; the last manager cannot be demoted;
/// availability and labels; `node rm` of a node that is up needs `--force`; a manager leaves
/// only with `--force`.
@Suite(.serialized) struct MembershipTests {
    /// `node ls` as "hostname role manager-status availability status" lines, sorted.
    func members(_ node: SwarmdProcess) -> String? {
        let format = "{{.Hostname}} {{.ManagerStatus}} {{.Availability}} {{.Status}}"
        return (try? node.dockerOutput(["node", "ls", "--format", format]))?
            .split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }.sorted().joined(separator: "\n")
    }

    func waitForMembers(_ expected: String, on node: SwarmdProcess, _ what: String) throws {
        var seen: String?
        do {
            try SwarmdTests.waitUntil(timeout: .seconds(30), what) {
                seen = members(node)
                return seen == expected
            }
        } catch {
            throw TestFailure("\(error); node \(node.index) listed: \(String(reflecting: seen))")
        }
    }

    /// Waits (at most 90 s: role changes take several Raft rounds, slow when the whole suite
    /// loads the machine) for `condition`; on a timeout the failure carries the end of every
    /// node's log.
    func waitUntil(_ what: String, logsOf nodes: [SwarmdProcess], _ condition: () throws -> Bool) throws {
        do {
            try SwarmdTests.waitUntil(timeout: .seconds(90), what, condition)
        } catch {
            let logs = nodes.map { node in "node\(node.index):\n" + node.log.split(separator: "\n").suffix(25).joined(separator: "\n") }
            throw TestFailure("\(error)\n" + logs.joined(separator: "\n"))
        }
    }

    func controlAvailable(_ node: SwarmdProcess) -> String? {
        try? node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}"])
    }

    @Test func promoteDemoteDrainLabelsRemoveLeave() throws {
        let scratch = try ScratchDirectory()
        let nodes = try (13...16).map { try SwarmdProcess(index: $0, directory: scratch) }
        for node in nodes { try node.start() }
        let (first, second, third, fourth) = (nodes[0], nodes[1], nodes[2], nodes[3])
        _ = try first.dockerOutput(["swarm", "init", "--advertise-addr", first.host, "--dispatcher-heartbeat", "1s"])
        let managerToken = try first.dockerOutput(["swarm", "join-token", "-q", "manager"])
        let workerToken = try first.dockerOutput(["swarm", "join-token", "-q", "worker"])
        _ = try second.dockerOutput(["swarm", "join", "--token", managerToken, first.listenAddress])
        for worker in [third, fourth] { _ = try worker.dockerOutput(["swarm", "join", "--token", workerToken, first.listenAddress]) }
        try waitForMembers(
            "node13 Leader Active Ready\nnode14 Reachable Active Ready\nnode15 Active Ready\nnode16 Active Ready", on: first, "the swarm is up"
        )

        // Promote a worker: it gets a manager certificate, joins Raft and serves the API.
        #expect(try first.dockerOutput(["node", "promote", "node15"]) == "Node node15 promoted to a manager in the swarm.")
        try waitUntil("the promoted node serves the control API", logsOf: nodes) { controlAvailable(third) == "active true" }
        try waitForMembers(
            "node13 Leader Active Ready\nnode14 Reachable Active Ready\nnode15 Reachable Active Ready\nnode16 Active Ready", on: third,
            "the promoted manager lists the swarm"
        )
        _ = try third.dockerOutput(["secret", "create", "from_promoted", "/etc/hostname"])

        // Demote the leader: leadership moves first, then it becomes a worker.
        #expect(try second.dockerOutput(["node", "demote", "node13"]) == "Manager node13 demoted in the swarm.")
        try waitUntil("the demoted leader is a worker", logsOf: nodes) { controlAvailable(first) == "active false" }
        var afterDemotion: String?
        try waitUntil("a new leader lists node13 as a ready worker", logsOf: nodes) {
            afterDemotion = members(second)
            return afterDemotion.map { $0.contains("node13 Active Ready\n") && $0.contains("Leader") } == true
        }
        #expect(try second.dockerOutput(["node", "inspect", "node13", "--format", "{{.Spec.Role}} {{.ManagerStatus}}"]) == "worker <nil>")
        #expect(try second.dockerOutput(["secret", "ls", "--format", "{{.Name}}"]) == "from_promoted")

        // The last manager cannot go: demote one of the two, then the other is refused.
        _ = try second.dockerOutput(["node", "demote", "node15"])
        try waitUntil("node15 is a worker again", logsOf: nodes) { controlAvailable(third) == "active false" }
        let last = try second.docker(["node", "demote", "node14"])
        #expect(last.exitStatus != 0 && last.standardError.contains("attempting to demote the last manager of the swarm"), "\(last.standardError)")

        // Availability and labels.
        _ = try second.dockerOutput(["node", "update", "--availability", "drain", "node16"])
        #expect(try second.dockerOutput(["node", "inspect", "node16", "--format", "{{.Spec.Availability}}"]) == "drain")
        _ = try second.dockerOutput(["node", "update", "--availability", "active", "--label-add", "zone=a", "--label-add", "disk=ssd", "node16"])
        _ = try second.dockerOutput(["node", "update", "--label-rm", "disk", "node16"])
        #expect(try second.dockerOutput(["node", "inspect", "node16", "--format", "{{.Spec.Availability}} {{json .Spec.Labels}}"]) == #"active {"zone":"a"}"#)
        #expect(try second.dockerOutput(["node", "inspect", "--pretty", "node16"]).contains("zone=a"))

        // rm: refused while the node is up, done with --force; a manager leaves only with --force.
        let upRemoval = try second.docker(["node", "rm", "node16"])
        #expect(upRemoval.exitStatus != 0 && upRemoval.standardError.contains("is not down and can't be removed"), "\(upRemoval.standardError)")
        #expect(try second.dockerOutput(["node", "rm", "--force", "node16"]) == "node16")
        let managerLeave = try second.docker(["swarm", "leave"])
        #expect(managerLeave.exitStatus != 0 && managerLeave.standardError.contains("Removing the last manager erases all current state"), "\(managerLeave.standardError)")
        try waitForMembers("node13 Active Ready\nnode14 Leader Active Ready\nnode15 Active Ready", on: second, "three nodes remain")
        for node in nodes { node.stop() }
    }

    /// A manager demoted while it is down was removed from Raft without hearing of it: back up,
    /// it knows no leader, asks the other managers for its role and steps down to a worker.
    @Test func managerDemotedWhileDownStepsDownWhenBack() throws {
        let scratch = try ScratchDirectory()
        let nodes = try (25...27).map { try SwarmdProcess(index: $0, directory: scratch) }
        for node in nodes { try node.start() }
        let (first, second, third) = (nodes[0], nodes[1], nodes[2])
        _ = try first.dockerOutput(["swarm", "init", "--advertise-addr", first.host, "--dispatcher-heartbeat", "1s"])
        let managerToken = try first.dockerOutput(["swarm", "join-token", "-q", "manager"])
        for manager in [second, third] { _ = try manager.dockerOutput(["swarm", "join", "--token", managerToken, first.listenAddress]) }
        try waitForMembers("node25 Leader Active Ready\nnode26 Reachable Active Ready\nnode27 Reachable Active Ready", on: first, "three managers")

        third.stop()
        #expect(try first.dockerOutput(["node", "demote", "node27"]) == "Manager node27 demoted in the swarm.")
        try waitUntil("the swarm lists node27 as a worker", logsOf: nodes) {
            members(first).map { $0.contains("node27 Active") && !$0.contains("node27 Reachable") && !$0.contains("node27 Unreachable") } == true
        }

        try third.start()
        try waitUntil("node27 steps down to a worker", logsOf: nodes) { controlAvailable(third) == "active false" }
        try waitForMembers("node25 Leader Active Ready\nnode26 Reachable Active Ready\nnode27 Active Ready", on: first, "node27 is a ready worker")
        for node in nodes { node.stop() }
    }
}
