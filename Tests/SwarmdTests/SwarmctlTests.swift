import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// swarmctl drives a swarmd (127.0.0.34) as the docker CLI does, for hosts without it: swarm
/// init, tokens, nodes, labels, secrets and configs, autolock; errors name what is wrong.
@Suite(.serialized) struct SwarmctlTests {
    /// Runs swarmctl against `node` (named by `$SWARMD_HOST`) with `arguments`, `input` on its
    /// standard input.
    func swarmctl(_ node: SwarmdProcess, _ arguments: [String], input: String = "") throws -> ChildProcess.Outcome {
        try ChildProcess.run(
            FilePath("/bin/sh"), ["-c", "printf '%s' \"$SWARMCTL_INPUT\" | exec \"$0\" \"$@\"", BuiltProducts.executable("swarmctl").string] + arguments,
            environment: ["SWARMCTL_INPUT": input, "SWARMD_HOST": node.dockerHost, "PATH": DockerCLI.searchPath], timeout: .seconds(60)
        )
    }

    func output(_ node: SwarmdProcess, _ arguments: [String], input: String = "") throws -> String {
        let outcome = try swarmctl(node, arguments, input: input)
        guard outcome.exitStatus == 0 else {
            throw TestFailure("swarmctl \(arguments.joined(separator: " ")) failed (\(outcome.exitStatus)): \(outcome.standardError)")
        }
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func swarmNodesSecretsConfigsAndAutolock() throws {
        let scratch = try ScratchDirectory()
        let node = try SwarmdProcess(index: 24, directory: scratch)
        try node.start()
        let unreachable = try swarmctl(node, ["node", "ls", "--host", "unix://\(scratch.appending("absent.sock"))"])
        #expect(unreachable.exitStatus != 0 && unreachable.standardError.contains("cannot reach swarmd"), "\(unreachable.standardError)")

        let founded = try output(node, ["swarm", "init", "--advertise-addr", node.host, "--dispatcher-heartbeat", "1s"])
        #expect(founded.contains("Swarm initialized") && founded.contains("swarmctl swarm join --token SWMTKN-1-"), "\(founded)")
        let token = try output(node, ["swarm", "join-token", "-q", "worker"])
        let rotated = try output(node, ["swarm", "join-token", "--rotate", "-q", "worker"])
        #expect(token.hasPrefix("SWMTKN-1-") && rotated.hasPrefix("SWMTKN-1-") && rotated != token)
        #expect(try node.dockerOutput(["swarm", "join-token", "-q", "worker"]) == rotated)

        let nodeID = try node.dockerOutput(["info", "--format", "{{.Swarm.NodeID}}"])
        let listing = try output(node, ["node", "ls"])
        #expect(listing.contains("MANAGER STATUS") && listing.contains("\(nodeID)   node24") && listing.contains("Leader"), "\(listing)")
        _ = try output(node, ["node", "update", "--label-add", "zone=a", "--availability", "drain", "node24"])
        #expect(try node.dockerOutput(["node", "inspect", "node24", "--format", "{{.Spec.Availability}} {{json .Spec.Labels}}"]) == #"drain {"zone":"a"}"#)
        let lastManager = try swarmctl(node, ["node", "rm", "node24"])
        #expect(lastManager.exitStatus != 0 && lastManager.standardError.contains("Error response from daemon") && lastManager.standardError.contains("demoted"))

        let secretID = try output(node, ["secret", "create", "db_password", "-"], input: "swarmctl-secret-value")
        #expect(try output(node, ["secret", "ls"]).contains("db_password"))
        let inspected = try output(node, ["secret", "inspect", "db_password"])
        #expect(inspected.contains(secretID) && !inspected.contains("swarmctl-secret-value"))
        let configFile = scratch.appending("app.conf")
        try Data("setting=1\n".utf8).write(to: URL(fileURLWithPath: configFile.string))
        _ = try output(node, ["config", "create", "--label", "app=web", "app_conf", configFile.string])
        #expect(try node.dockerOutput(["config", "inspect", "app_conf", "--format", "{{json .Spec.Labels}}"]) == #"{"app":"web"}"#)
        _ = try output(node, ["secret", "rm", "db_password"])
        _ = try output(node, ["config", "rm", "app_conf"])
        #expect(try node.dockerOutput(["secret", "ls", "-q"]).isEmpty && node.dockerOutput(["config", "ls", "-q"]).isEmpty)

        let locked = try output(node, ["swarm", "update", "--autolock", "true"])
        let key = try output(node, ["swarm", "unlock-key", "-q"])
        #expect(key.hasPrefix("SWMKEY-1-") && locked.contains(key))
        node.stop()
        try node.start()
        #expect(try node.dockerOutput(["info", "--format", "{{.Swarm.LocalNodeState}}"]) == "locked")
        _ = try output(node, ["swarm", "unlock"], input: key + "\n")
        try waitUntil(timeout: .seconds(20), "the unlocked manager leads") { (try? output(node, ["node", "ls"]))?.contains("Leader") == true }
        #expect(!node.log.contains("swarmctl-secret-value") && !node.log.contains(key))
        node.stop()
    }
}
