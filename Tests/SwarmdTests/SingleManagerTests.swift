import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// One swarmd driven by the real docker CLI through DOCKER_HOST, as the Docker Swarm tutorial
/// drives dockerd: init, nodes, join tokens, secrets and configs, leave.
@Suite(.serialized) struct SingleManagerTests {
    @Test func theTutorialFlowOnOneManager() throws {
        let scratch = try ScratchDirectory()
        let node = try SwarmdProcess(index: 1, directory: scratch)
        try node.start()

        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "inactive")
        let notManager = try node.docker(["node", "ls"])
        #expect(notManager.exitStatus != 0)
        #expect(notManager.standardError.contains("This node is not a swarm manager"))

        let initOutput = try node.dockerOutput(["swarm", "init", "--advertise-addr", node.host])
        let nodeID = try node.dockerOutput(["info", "--format", "{{.Swarm.NodeID}}"])
        #expect(nodeID.count == 25)
        #expect(initOutput.contains("Swarm initialized: current node (\(nodeID)) is now a manager"))
        #expect(initOutput.contains("docker swarm join --token SWMTKN-1-"))
        #expect(initOutput.contains("\(node.host):2377"))
        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.Managers}}"]) == "active true 1")
        let again = try node.docker(["swarm", "init", "--advertise-addr", node.host])
        #expect(again.standardError.contains("This node is already part of a swarm"))

        let listing = try node.dockerOutput(["node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}} {{.Self}}"])
        #expect(listing == "node1 Ready Active Leader true")

        // Join tokens: one per role, rotation replaces exactly the one asked for.
        let worker = try node.dockerOutput(["swarm", "join-token", "-q", "worker"])
        let manager = try node.dockerOutput(["swarm", "join-token", "-q", "manager"])
        #expect(worker.hasPrefix("SWMTKN-1-") && manager.hasPrefix("SWMTKN-1-") && worker != manager)
        #expect(worker.count == 85)
        _ = try node.dockerOutput(["swarm", "join-token", "--rotate", "worker"])
        let rotated = try node.dockerOutput(["swarm", "join-token", "-q", "worker"])
        #expect(rotated != worker && rotated.prefix(60) == worker.prefix(60))
        #expect(try node.dockerOutput(["swarm", "join-token", "-q", "manager"]) == manager)

        // Node updates: labels and availability by hostname; the last manager stays one.
        _ = try node.dockerOutput(["node", "update", "--label-add", "zone=a", "--availability", "drain", "node1"])
        #expect(try node.dockerOutput(["node", "inspect", "self", "--format", "{{.Spec.Availability}} {{index .Spec.Labels \"zone\"}}"]) == "drain a")
        _ = try node.dockerOutput(["node", "update", "--label-rm", "zone", "--availability", "active", nodeID])
        #expect(try node.dockerOutput(["node", "inspect", "node1", "--format", "{{.Spec.Availability}} {{len .Spec.Labels}}"]) == "active 0")
        let demote = try node.docker(["node", "demote", "node1"])
        #expect(demote.standardError.contains("attempting to demote the last manager of the swarm"))
        let remove = try node.docker(["node", "rm", "--force", "node1"])
        #expect(remove.standardError.contains("must be demoted to worker before removal"))
        #expect(try node.dockerOutput(["node", "inspect", "--pretty", "self"]).contains("Leader:\t\tYes"))

        // Secrets: created from a file, listed, inspected without their data, removed.
        let secretFile = scratch.appending("secret.txt")
        try Data("s3cr3t-value-in-a-file".utf8).write(to: URL(fileURLWithPath: secretFile.string))
        let secretID = try node.dockerOutput(["secret", "create", "--label", "tier=db", "db_password", secretFile.string])
        #expect(try node.dockerOutput(["secret", "ls", "--format", "{{.ID}} {{.Name}}"]) == "\(secretID) db_password")
        let inspected = try node.dockerOutput(["secret", "inspect", "db_password"])
        #expect(inspected.contains("\"tier\": \"db\""))
        #expect(!inspected.contains("s3cr3t") && !inspected.contains("Data"))
        let duplicate = try node.docker(["secret", "create", "DB_PASSWORD", secretFile.string])
        #expect(duplicate.standardError.contains("secret DB_PASSWORD already exists"))

        // Configs: inspect shows the data.
        let configFile = scratch.appending("app.conf")
        try Data("listen 8080\n".utf8).write(to: URL(fileURLWithPath: configFile.string))
        _ = try node.dockerOutput(["config", "create", "app.conf", configFile.string])
        #expect(try node.dockerOutput(["config", "inspect", "--pretty", "app.conf"]).contains("listen 8080"))
        _ = try node.dockerOutput(["config", "rm", "app.conf"])
        _ = try node.dockerOutput(["secret", "rm", secretID])
        #expect(try node.dockerOutput(["secret", "ls", "-q"]).isEmpty)
        #expect(try node.dockerOutput(["config", "ls", "-q"]).isEmpty)
        let missing = try node.docker(["secret", "inspect", "db_password"])
        #expect(missing.exitStatus != 0 && missing.standardError.contains("not found"))

        // Leaving: a manager needs --force, then the node is outside any swarm.
        let leave = try node.docker(["swarm", "leave"])
        #expect(leave.standardError.contains("Removing the last manager erases all current state of the swarm"))
        _ = try node.dockerOutput(["swarm", "leave", "--force"])
        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "inactive")
        #expect(!FileManager.default.fileExists(atPath: node.dataDirectory.appending("state.json").string))
        node.stop()
    }

    @Test func stateSurvivesRestartsAndNoSecretLandsOnDiskInTheClear() throws {
        let scratch = try ScratchDirectory()
        let node = try SwarmdProcess(index: 2, directory: scratch)
        try node.start()
        _ = try node.dockerOutput(["swarm", "init", "--advertise-addr", node.host])
        let secretValue = "plaintext-secret-\(UUID().uuidString)"
        let secretFile = scratch.appending("secret.txt")
        try Data(secretValue.utf8).write(to: URL(fileURLWithPath: secretFile.string))
        _ = try node.dockerOutput(["secret", "create", "api_key", secretFile.string])
        try FileManager.default.removeItem(atPath: secretFile.string)
        _ = try node.dockerOutput(["node", "update", "--availability", "pause", "node2"])
        let clusterID = try node.dockerOutput(["info", "--format", "{{.Swarm.Cluster.ID}}"])

        node.kill()
        try node.start()
        try waitUntil(timeout: .seconds(20), "the restarted manager leads again") {
            (try? node.dockerOutput(["node", "ls", "--format", "{{.ManagerStatus}}"])) == "Leader"
        }
        #expect(try node.dockerOutput(["node", "inspect", "self", "--format", "{{.Spec.Availability}}"]) == "pause")
        #expect(try node.dockerOutput(["secret", "ls", "--format", "{{.Name}}"]) == "api_key")
        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.Cluster.ID}}"]) == clusterID)
        node.stop()

        // A raw scan of everything the node wrote: no secret value, no private key in the clear.
        let scan = RawByteScan(scratch.path)
        #expect(scan.files(holding: secretValue).isEmpty, "these files hold the secret value: \(scan.files(holding: secretValue))")
        #expect(scan.files(holding: "PRIVATE KEY").isEmpty, "these files hold a PEM private key: \(scan.files(holding: "PRIVATE KEY"))")
        #expect(scan.fileCount >= 4)
    }
}
