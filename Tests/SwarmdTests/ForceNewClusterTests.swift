import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// `--force-new-cluster` on the one survivor of three managers: through the API on a running
/// manager, and at start (`swarmd --force-new-cluster`) on a stopped one, unlocked or
/// autolocked (which Swarm cannot do, moby/moby#36852).
@Suite(.serialized) struct ForceNewClusterTests {
    func threeManagers(_ indexes: ClosedRange<Int>, scratch: ScratchDirectory, initArguments: [String] = []) throws -> [SwarmdProcess] {
        let managers = try indexes.map { try SwarmdProcess(index: $0, directory: scratch) }
        for node in managers { try node.start() }
        let first = managers[0]
        _ = try first.dockerOutput(["swarm", "init", "--advertise-addr", first.host] + initArguments)
        let token = try first.dockerOutput(["swarm", "join-token", "-q", "manager"])
        for manager in managers.dropFirst() {
            _ = try manager.dockerOutput(["swarm", "join", "--token", token, first.listenAddress])
        }
        _ = try first.dockerOutput(["secret", "create", "kept_secret", "/etc/hostname"])
        _ = try first.dockerOutput(["config", "create", "kept_config", "/etc/hostname"])
        return managers
    }

    /// The survivor leads alone, with the others down, serves what was written before (and
    /// `configs` written since), and takes a new write named `write`.
    func expectSoleLeaderServing(_ survivor: SwarmdProcess, others: [SwarmdProcess], configs: [String] = [], write: String) throws {
        try waitUntil(timeout: .seconds(30), "the survivor leads alone") {
            let lines = (try? survivor.dockerOutput(["node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}"])) ?? ""
            let expected = (["node\(survivor.index) Ready Leader"] + others.map { "node\($0.index) Down" }).sorted()
            return lines.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.sorted() == expected
        }
        #expect(try survivor.dockerOutput(["secret", "ls", "--format", "{{.Name}}"]) == "kept_secret")
        #expect(try survivor.dockerOutput(["config", "ls", "--format", "{{.Name}}"]).split(separator: "\n").map(String.init) == (["kept_config"] + configs).sorted())
        _ = try survivor.dockerOutput(["config", "create", write, "/etc/hostname"])
    }

    /// Managers on 127.0.0.48–50.
    @Test func aRunningSurvivorForcesANewClusterThroughTheAPI() throws {
        let scratch = try ScratchDirectory()
        let managers = try threeManagers(38...40, scratch: scratch)
        let survivor = managers[0]
        for lost in managers.dropFirst() { lost.kill() }
        try waitUntil(timeout: .seconds(20), "the survivor knows it has no leader") {
            (try? survivor.docker(["secret", "ls"]))?.standardError.contains("does not have a leader") == true
        }
        let forced = try survivor.dockerOutput(["swarm", "init", "--force-new-cluster"])
        #expect(forced.contains("Swarm initialized"), "\(forced)")
        try expectSoleLeaderServing(survivor, others: Array(managers.dropFirst()), write: "after_recovery")
        // It stays a one-manager swarm across a restart.
        survivor.stop()
        try survivor.start()
        try expectSoleLeaderServing(survivor, others: Array(managers.dropFirst()), configs: ["after_recovery"], write: "after_restart")
        survivor.stop()
    }

    /// Managers on 127.0.0.60–62; the survivor is stopped, then started with the flag.
    @Test func aStoppedSurvivorForcesANewClusterAtStart() throws {
        let scratch = try ScratchDirectory()
        let managers = try threeManagers(50...52, scratch: scratch)
        let survivor = managers[0]
        for lost in managers.dropFirst() { lost.kill() }
        survivor.stop()
        try survivor.start(extraArguments: ["--force-new-cluster"])
        try expectSoleLeaderServing(survivor, others: Array(managers.dropFirst()), write: "after_recovery")
        #expect(survivor.log.contains("forced a new cluster: this node is now the swarm's only manager"), "\(survivor.log.suffix(2000))")
        survivor.stop()
    }

    /// Managers on 127.0.0.51–53, autolocked.
    @Test func anAutolockedSurvivorForcesANewClusterOnceUnlocked() throws {
        let scratch = try ScratchDirectory()
        let managers = try threeManagers(41...43, scratch: scratch, initArguments: ["--autolock"])
        let survivor = managers[0]
        let key = try survivor.dockerOutput(["swarm", "unlock-key", "-q"])
        for lost in managers.dropFirst() { lost.kill() }
        survivor.stop()

        try survivor.start(extraArguments: ["--force-new-cluster"])
        #expect(try survivor.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "locked")
        let refused = try survivor.docker(["swarm", "init", "--force-new-cluster"])
        #expect(refused.exitStatus != 0 && refused.standardError.contains("unlock it first"), "\(refused.standardError)")
        try waitUntil(timeout: .seconds(30), "the key unlocks") { try survivor.docker(["swarm", "unlock"], input: key).exitStatus == 0 }
        try expectSoleLeaderServing(survivor, others: Array(managers.dropFirst()), write: "after_recovery")
        #expect(try survivor.dockerOutput(["swarm", "unlock-key", "-q"]) == key)
        survivor.stop()
    }
}
