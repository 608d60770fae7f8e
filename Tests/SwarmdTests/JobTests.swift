import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// Job services through the real docker CLI with real containers: a replicated job runs its
/// completions at most `--max-concurrent` at a time and the attached CLI ends with "job
/// complete"; `service ls` counts the completions; an update runs the job again; a global job
/// runs once on each node.
@Suite(.serialized) struct JobTests {
    static let registryPort = 5205

    @Test func jobsRunToCompletionAndAgainOnUpdate() throws {
        try TestRegistry.serving(on: Self.registryPort) { registry in
            let scratch = try ScratchDirectory()
            let manager = try SwarmdProcess(index: 61, directory: scratch)
            let worker = try SwarmdProcess(index: 62, directory: scratch)
            try SwarmdProcess.formSwarm(manager: manager, workers: [worker], registry: registry)

            // Attached, as the CLI runs by default: it follows the job until it completes.
            let created = try manager.docker(
                ["service", "create", "--name", "batch", "--mode", "replicated-job", "--replicas", "3", "--max-concurrent", "2", "busybox", "sh", "-c", "sleep 1"],
                timeout: .seconds(120)
            )
            #expect(created.exitStatus == 0, "\(created.standardError)")
            #expect(created.standardOutput.contains("job complete"), "\(created.standardOutput)")
            #expect(try manager.dockerOutput(["service", "ls", "--filter", "name=batch", "--format", "{{.Mode}}|{{.Replicas}}"]) == "replicated job|0/0 (3/3 completed)")
            let states = try manager.dockerOutput(["service", "ps", "batch", "--format", "{{.DesiredState}}|{{.CurrentState}}"]).split(separator: "\n")
            #expect(states.count == 3 && states.allSatisfy { $0.hasPrefix("Complete|Complete") }, "\(states)")

            // An update runs the job again: a new iteration of three completions.
            let updated = try manager.docker(["service", "update", "--env-add", "RUN=2", "batch"], timeout: .seconds(120))
            #expect(updated.exitStatus == 0 && updated.standardOutput.contains("job complete"), "\(updated.standardOutput)\(updated.standardError)")
            #expect(try manager.dockerOutput(["service", "inspect", "--format", "{{.JobStatus.JobIteration.Index}}", "batch"]) == "2")
            let completed = try manager.dockerOutput(["service", "ps", "batch", "--format", "{{.CurrentState}}"]).split(separator: "\n").filter { $0.hasPrefix("Complete") }
            #expect(completed.count == 6, "three completions in each iteration: \(completed)")

            // A global job: once on each of the two nodes.
            let global = try manager.docker(["service", "create", "--name", "each", "--mode", "global-job", "busybox", "true"], timeout: .seconds(120))
            #expect(global.exitStatus == 0 && global.standardOutput.contains("job complete"), "\(global.standardOutput)\(global.standardError)")
            let nodes = try manager.dockerOutput(["service", "ps", "each", "--format", "{{.Node}}|{{.CurrentState}}"]).split(separator: "\n").sorted()
            #expect(nodes.count == 2 && nodes[0].hasPrefix("node61|Complete") && nodes[1].hasPrefix("node62|Complete"), "\(nodes)")
        }
    }
}
