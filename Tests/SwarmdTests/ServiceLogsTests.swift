import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// `docker service logs` with the real docker CLI against a manager and a worker running real
/// containers: every task's lines with the task and node they came from, stdout and stderr
/// apart, `--tail`, `--timestamps`, `--since`, one task's logs, and `--follow` seeing lines
/// written later on both nodes.
@Suite(.serialized) struct ServiceLogsTests {
    static let registryPort = 5203

    @Test func serviceLogsThroughTheCLI() throws {
        try TestRegistry.serving(on: Self.registryPort) { registry in
            let scratch = try ScratchDirectory()
            let manager = try SwarmdProcess(index: 58, directory: scratch)
            let worker = try SwarmdProcess(index: 59, directory: scratch)
            try SwarmdProcess.formSwarm(manager: manager, workers: [worker], registry: registry)
            _ = try manager.dockerOutput([
                "service", "create", "--detach", "--replicas", "2", "--replicas-max-per-node", "1", "--name", "chatter", "--stop-grace-period", "1s",
                "busybox", "sh", "-c", "echo line 1; echo line 2; sleep 1; echo oops >&2; sleep 4; echo later; sleep 600",
            ])
            try waitUntil(timeout: .seconds(60), "both tasks run") {
                try manager.dockerOutput(["service", "ps", "chatter", "--format", "{{.CurrentState}}"]).split(separator: "\n")
                    .filter { $0.hasPrefix("Running") }.count == 2
            }

            // Everything so far: three lines from each task (the third a second after the task
            // runs), named task.slot.id@node.
            var outcome = try manager.docker(["service", "logs", "chatter"])
            try waitUntil(timeout: .seconds(30), "both tasks' stderr lines are logged") {
                if outcome.standardError.split(separator: "\n").filter({ $0.hasSuffix("| oops") }).count == 2 { return true }
                outcome = try manager.docker(["service", "logs", "chatter"])
                return false
            }
            #expect(outcome.exitStatus == 0, "\(outcome.standardError)")
            let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.filter { $0.hasSuffix("| line 1") }.count == 2, "\(lines)")
            #expect(lines.filter { $0.hasSuffix("| line 2") }.count == 2, "\(lines)")
            #expect(lines.allSatisfy { $0.range(of: #"^chatter\.[12]\.[a-z0-9]{12}@node5[89] +\| "#, options: .regularExpression) != nil }, "\(lines)")
            #expect(Set(lines.compactMap { $0.split(separator: "@").last?.split(separator: " ").first }) == ["node58", "node59"], "\(lines)")

            // The last line of each task only, with its timestamp. (The shim reads stdout and
            // stderr from two pipes, so lines written to both within an instant may be recorded
            // in either order, as with Docker: the script waits a second before its stderr line.)
            outcome = try manager.docker(["service", "logs", "--tail", "1", "--timestamps", "--no-task-ids", "chatter"])
            #expect(outcome.exitStatus == 0, "\(outcome.standardError)")
            let lastLines = (outcome.standardOutput + outcome.standardError).split(separator: "\n")
            #expect(lastLines.count == 2 && lastLines.allSatisfy { $0.hasSuffix("| oops") || $0.hasSuffix("| later") }, "\(lastLines)")
            #expect(lastLines.allSatisfy { $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z chatter\.\d@node5\d"#, options: .regularExpression) != nil }, "\(lastLines)")

            // Since a moment after the first lines: none of them.
            outcome = try manager.docker(["service", "logs", "--since", "2030-01-01T00:00:00Z", "chatter"])
            #expect(outcome.exitStatus == 0 && outcome.standardOutput.isEmpty && outcome.standardError.isEmpty, "\(outcome)")

            // One task's logs, asked by task ID through the worker's task.
            let workerTask = try manager.dockerOutput(["service", "ps", "chatter", "--filter", "node=node59", "-q", "--no-trunc"])
            outcome = try manager.docker(["service", "logs", "--raw", workerTask])
            #expect(outcome.exitStatus == 0, "\(outcome.standardError)")
            #expect(outcome.standardOutput.hasPrefix("line 1\nline 2\n"), "\(outcome.standardOutput)")

            // Following: lines written later arrive from both nodes.
            let follower = try RunningChild(
                FilePath("/usr/bin/env"),
                ["DOCKER_HOST=\(manager.dockerHost)", "DOCKER_CONFIG=\(scratch.appending("docker-config").string)", try DockerCLI.path().string,
                 "service", "logs", "--follow", "--no-task-ids", "chatter"]
            )
            try waitUntil(timeout: .seconds(30), "the follower sees both tasks' later lines") {
                follower.standardOutput.split(separator: "\n").filter { $0.hasSuffix("| later") }.count == 2
            }
            follower.kill()
            #expect(follower.standardOutput.split(separator: "\n").filter { $0.hasSuffix("| line 1") }.count == 2)

            // Bad input: nothing by that name, and no stream chosen.
            outcome = try manager.docker(["service", "logs", "nosuchservice"])
            #expect(outcome.exitStatus != 0 && outcome.standardError.contains("no such task or service: nosuchservice"), "\(outcome.standardError)")
            let noStream = try manager.request("GET", "/services/chatter/logs")
            #expect(noStream.status == 400 && noStream.body.contains("choose at least one stream"), "\(noStream)")
        }
    }
}
