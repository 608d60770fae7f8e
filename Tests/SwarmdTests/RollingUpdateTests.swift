import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// `docker service update` as the real docker CLI runs it (attached: it follows the update to
/// convergence through `UpdateStatus` and the `_up-to-date` task filter), with real containers:
/// slots are replaced one at a time with the update delay between them, and an update whose
/// new tasks fail is paused, which the CLI reports.
@Suite(.serialized) struct RollingUpdateTests {
    static let registryPort = 5204

    /// When each task meant to run of `service` was created.
    func creationTimes(_ node: SwarmdProcess, _ service: String) throws -> [Date] {
        let ids = try node.dockerOutput(["service", "ps", service, "--filter", "desired-state=running", "-q", "--no-trunc"]).split(separator: "\n").map(String.init)
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try ids.map { id in
            let text = try node.dockerOutput(["inspect", "--type", "task", "--format", "{{json .CreatedAt}}", id]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return try #require(format.date(from: text), "CreatedAt \(text)")
        }.sorted()
    }

    @Test func updatesRollSlotBySlotAndFailuresPause() throws {
        try TestRegistry.serving(on: Self.registryPort) { registry in
            let scratch = try ScratchDirectory()
            let manager = try SwarmdProcess(index: 60, directory: scratch)
            try manager.start(extraArguments: ["--registry-mirror", registry.url])
            _ = try manager.dockerOutput(["swarm", "init", "--advertise-addr", manager.host])
            // Attached, as the CLI runs by default: it returns once the tasks run (and stayed up
            // for the monitor period).
            _ = try manager.dockerOutput([
                "service", "create", "--replicas", "3", "--name", "web", "--stop-grace-period", "1s", "--update-parallelism", "1",
                "--update-delay", "2s", "--update-monitor", "1s", "busybox", "sleep", "600",
            ])
            #expect(try manager.dockerOutput(["service", "ls", "--format", "{{.Replicas}}"]) == "3/3")

            let update = try manager.docker(["service", "update", "--env-add", "VERSION=2", "web"], timeout: .seconds(120))
            #expect(update.exitStatus == 0, "\(update.standardError)")
            #expect(update.standardOutput.contains("converged"), "\(update.standardOutput)")
            #expect(try manager.dockerOutput(["service", "inspect", "--format", "{{.UpdateStatus.State}}", "web"]) == "completed")
            let created = try creationTimes(manager, "web")
            #expect(created.count == 3)
            for (earlier, later) in zip(created, created.dropFirst()) {
                #expect(later.timeIntervalSince(earlier) >= 2, "slots replaced one at a time, 2 s apart: \(created)")
            }

            // New tasks that fail: the update pauses after the first, and the CLI says so.
            let failing = try manager.docker(
                ["service", "update", "--args", "sh -c 'exit 3'", "--update-failure-action", "pause", "--restart-condition", "none", "web"],
                timeout: .seconds(120)
            )
            #expect(failing.exitStatus != 0, "\(failing.standardOutput)")
            #expect(failing.standardError.contains("service update paused: update paused due to failure or early termination of task"), "\(failing.standardError)")
            #expect(try manager.dockerOutput(["service", "inspect", "--format", "{{.UpdateStatus.State}}", "web"]) == "paused")
            let running = try manager.dockerOutput(["service", "ps", "web", "--filter", "desired-state=running", "--format", "{{.CurrentState}}"])
            #expect(running.split(separator: "\n").filter { $0.hasPrefix("Running") }.count == 2, "two slots keep the old template: \(running)")
        }
    }
}
