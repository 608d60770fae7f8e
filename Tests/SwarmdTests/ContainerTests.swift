import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// Services running real containers through runc on several swarmd processes, images pulled
/// from a real registry (tools/images/registry.sh) through `--registry-mirror`: tasks reach
/// running where the scheduler put them; a killed container is replaced after the restart
/// delay; a killed worker's tasks run elsewhere after the heartbeat grace, and the restarted
/// worker stops its out-of-date copies, so no slot ever runs twice for long; a drained node's
/// global task stops; `service rm` stops every container. Images that cannot be pulled or
/// unpacked reject their tasks with the reason and write nothing outside the image store.
@Suite(.serialized) struct ContainerTests {
    static let registryPort = 5201

    /// `service ps` lines "name|node|desired|current|error" of the tasks meant to run.
    func live(_ node: SwarmdProcess, _ service: String) throws -> [String] {
        try node.dockerOutput(["service", "ps", service, "--filter", "desired-state=running", "--format", "{{.Name}}|{{.Node}}|{{.CurrentState}}|{{.Error}}"])
            .split(separator: "\n").map(String.init)
    }

    func start(_ nodes: [SwarmdProcess], registry: TestRegistry) throws {
        for node in nodes { try node.start(extraArguments: ["--registry-mirror", registry.url]) }
    }

    @Test func replicasRunHealAndStop() throws {
        try TestRegistry.serving(on: Self.registryPort) { registry in
            let scratch = try ScratchDirectory()
            let manager = try SwarmdProcess(index: 45, directory: scratch)
            let workers = try [53, 54].map { try SwarmdProcess(index: $0, directory: scratch) }
            try SwarmdProcess.formSwarm(manager: manager, workers: workers, registry: registry, initArguments: ["--dispatcher-heartbeat", "1s"])
            let nodes = [manager] + workers
            func runningContainers() throws -> Int { try nodes.map { try $0.containerIDs().count }.reduce(0, +) }

            _ = try manager.dockerOutput([
                "service", "create", "--detach", "--replicas", "3", "--name", "redis", "--stop-grace-period", "1s", "--restart-delay", "2s",
                "busybox", "sleep", "600",
            ])
            try waitUntil(timeout: .seconds(60), "3 tasks run, one per node") {
                let tasks = try live(manager, "redis")
                return tasks.count == 3 && tasks.allSatisfy { $0.contains("|Running ") } && Set(tasks.map { $0.split(separator: "|")[1] }).count == 3
            }
            #expect(try nodes.map { try $0.containerIDs().count } == [1, 1, 1])

            // A container killed: its task fails and a new one runs in its slot after the delay.
            let victim = try workers[0].containerIDs().first!
            let state = try ChildProcess.run(
                FilePath("/usr/sbin/runc"), ["--root", workers[0].runcRoot.string, "state", victim], timeout: .seconds(30))
            let pid = try #require((try JSONSerialization.jsonObject(with: Data(state.standardOutput.utf8)) as? [String: Any])?["pid"] as? Int)
            kill(pid_t(pid), SIGKILL)
            try waitUntil(timeout: .seconds(30), "the killed container's task is replaced") {
                try manager.dockerOutput(["service", "ps", "redis", "--format", "{{.Error}}"]).contains("task: non-zero exit (137)")
                    && live(manager, "redis").filter { $0.contains("|Running ") }.count == 3
            }
            let ended = workers[0].dataDirectory.appending("containers/\(victim)")
            try waitUntil(timeout: .seconds(30), "the ended task's root filesystem is freed") {
                !FileManager.default.fileExists(atPath: ended.appending("rootfs").string)
            }
            #expect(FileManager.default.fileExists(atPath: ended.appending("container.log").string), "its log stays with the task history")

            // A worker killed: after the heartbeat grace its task runs elsewhere; restarted, it
            // stops its own copy, so 3 containers run in the end.
            workers[1].kill()
            try waitUntil(timeout: .seconds(30), "the dead worker's task runs elsewhere") {
                let tasks = try live(manager, "redis")
                return tasks.filter { $0.contains("|Running ") && !$0.contains("|node54|") }.count == 3
            }
            #expect(try workers[1].containerIDs().count == 1, "the killed worker's container outlives its swarmd")
            try workers[1].start(extraArguments: ["--registry-mirror", registry.url])
            try waitUntil(timeout: .seconds(30), "the restarted worker stops its out-of-date copy") { try workers[1].containerIDs().isEmpty }
            #expect(try runningContainers() == 3)

            // A global service: one container per node; draining a node stops its.
            _ = try manager.dockerOutput(["service", "create", "--detach", "--mode", "global", "--name", "agent", "--stop-grace-period", "1s", "busybox", "sleep", "600"])
            try waitUntil(timeout: .seconds(60), "a global task runs on every node") { try runningContainers() == 6 }
            _ = try manager.dockerOutput(["node", "update", "--availability", "drain", "node53"])
            try waitUntil(timeout: .seconds(30), "the drained node runs nothing") { try workers[0].containerIDs().isEmpty }
            try waitUntil(timeout: .seconds(30), "the drained node's replica runs elsewhere") { try runningContainers() == 5 }

            _ = try manager.dockerOutput(["service", "rm", "redis", "agent"])
            try waitUntil(timeout: .seconds(30), "every container is stopped and deleted") { try runningContainers() == 0 }
            try waitUntil(timeout: .seconds(15), "every task is deleted") { try manager.request("GET", "/tasks").body == "[]" }
        }
    }

    @Test func imagesThatCannotRunRejectTheirTasks() throws {
        try TestRegistry.serving(on: Self.registryPort + 1) { registry in
            let scratch = try ScratchDirectory()
            let manager = try SwarmdProcess(index: 55, directory: scratch)
            try start([manager], registry: registry)
            _ = try manager.dockerOutput(["swarm", "init", "--advertise-addr", manager.host])
            // busybox:two-layers' second layer is its own: damaged in the registry's storage, it
            // is served under its digest with other bytes.
            let manifest = try ChildProcess.run(
                FilePath("/usr/bin/curl"),
                ["-sf", "-H", "Accept: application/vnd.docker.distribution.manifest.v2+json", "\(registry.url)/v2/busybox/manifests/two-layers"],
                timeout: .seconds(30))
            let layers = try #require((try JSONSerialization.jsonObject(with: Data(manifest.standardOutput.utf8)) as? [String: Any])?["layers"] as? [[String: Any]])
            let damaged = try #require(layers.last?["digest"] as? String)
            try registry.corruptBlob(hex: String(damaged.dropFirst("sha256:".count)))
            let cases: [(image: String, error: String)] = [
                ("busybox:nope", "image busybox:nope not found"),
                ("\(registry.address)/evil:escape", "leaves the image's root"),
                ("\(registry.address)/busybox:two-layers", "layer \(damaged) of \(registry.address)/busybox:two-layers"),
            ]
            for (index, item) in cases.enumerated() {
                _ = try manager.dockerOutput(["service", "create", "--detach", "--name", "bad\(index)", "--restart-condition", "none", item.image])
                try waitUntil(timeout: .seconds(30), "\(item.image) is rejected") {
                    let tasks = try manager.dockerOutput(["service", "ps", "bad\(index)", "--no-trunc", "--format", "{{.CurrentState}} {{.Error}}"])
                    return tasks.hasPrefix("Rejected") && tasks.contains(item.error)
                }
            }
            let written = FileManager.default.enumerator(atPath: scratch.path.string)?.compactMap { $0 as? String } ?? []
            #expect(written.filter { $0.hasSuffix("escaped") || $0.hasSuffix("/evil") }.isEmpty, "the evil layer wrote \(written.filter { $0.contains("evil") || $0.contains("escaped") })")
            #expect(!FileManager.default.fileExists(atPath: "/etc/evil"))
            #expect(try manager.containerIDs().isEmpty)
        }
    }
}
