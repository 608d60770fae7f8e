import Foundation
import SwarmTesting
import Testing

/// Services through the real docker CLI, as Docker's swarm tutorial drives them: create, ps,
/// scale, inspect --pretty, rm; placement (constraints, spread, max replicas per node, global
/// services) checked against where tasks land on several swarmd processes; and bad specs
/// refused with clear errors. The tasks run real containers (busybox from a test registry).
@Suite(.serialized) struct ServiceTests {
    static let registryPort = 5210
    /// What every service here runs: a container that stays up, and stops within a second.
    static let image = ["--stop-grace-period", "1s", "busybox", "sleep", "600"]

    /// `service ps` of `service` as "name|node|desired state|current state|error" lines (the
    /// CLI's quotes around the error dropped).
    func tasks(_ node: SwarmdProcess, _ service: String) throws -> [String] {
        try node.dockerOutput(["service", "ps", service, "--no-trunc", "--format", "{{.Name}}|{{.Node}}|{{.DesiredState}}|{{.CurrentState}}|{{.Error}}"])
            .split(separator: "\n").map { $0.replacingOccurrences(of: "\"", with: "") }
    }

    /// How many of `service`'s tasks meant to run are on each node (by host name).
    func distribution(_ node: SwarmdProcess, _ service: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in try tasks(node, service) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields[2] == "Running" else { continue }
            counts[fields[1].isEmpty ? "pending" : fields[1], default: 0] += 1
        }
        return counts
    }

    @Test func theTutorialCreatesScalesInspectsAndRemovesAService() throws {
        try TestRegistry.serving(on: Self.registryPort) { registry in try tutorial(registry) }
    }

    func tutorial(_ registry: TestRegistry) throws {
        let scratch = try ScratchDirectory()
        let manager = try SwarmdProcess(index: 22, directory: scratch)
        try manager.start(extraArguments: ["--registry-mirror", registry.url])
        _ = try manager.dockerOutput(["swarm", "init", "--advertise-addr", manager.host])

        let id = try manager.dockerOutput(["service", "create", "--detach", "--replicas", "3", "--name", "redis"] + Self.image)
        #expect(id.split(separator: "\n").last?.count == 25)
        try waitUntil(timeout: .seconds(30), "the 3 tasks run on the manager") {
            try tasks(manager, "redis").filter { $0.contains("|node22|Running|Running ") }.count == 3
        }
        #expect(try manager.dockerOutput(["service", "ls", "--format", "{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}}"]).hasPrefix("redis replicated 3/3 busybox:latest"))
        let names = try tasks(manager, "redis").map { $0.split(separator: "|")[0] }.sorted()
        #expect(names == ["redis.1", "redis.2", "redis.3"])

        _ = try manager.dockerOutput(["service", "scale", "--detach", "redis=5"])
        try waitUntil(timeout: .seconds(10), "5 tasks are assigned") { try distribution(manager, "redis") == ["node22": 5] }
        _ = try manager.dockerOutput(["service", "scale", "--detach", "redis=2"])
        try waitUntil(timeout: .seconds(10), "2 tasks are meant to run") { try distribution(manager, "redis") == ["node22": 2] }
        do {
            try waitUntil(timeout: .seconds(30), "the scaled-down slots' tasks are stopped and deleted") {
                try tasks(manager, "redis").map { $0.split(separator: "|")[0] }.sorted() == ["redis.1", "redis.2"]
            }
        } catch {
            throw TestFailure("\(error): \(try tasks(manager, "redis"))")
        }

        let pretty = try manager.dockerOutput(["service", "inspect", "--pretty", "redis"])
        for line in ["Name:\t\tredis", "Service Mode:\tReplicated", " Replicas:\t2", "UpdateConfig:", " Parallelism:\t1", " On failure:\tpause",
            "RollbackConfig:", "ContainerSpec:", " Image:\t\tbusybox:latest@sha256:", " Args:\t\tsleep 600 ", "Endpoint Mode:\tvip"] {
            #expect(pretty.contains(line), "inspect --pretty lacks \"\(line)\":\n\(pretty)")
        }

        // Unplaceable: pending, with Docker's reason.
        _ = try manager.dockerOutput(["service", "create", "--detach", "--name", "huge", "--reserve-memory", "100T", "busybox"])
        do {
            try waitUntil(timeout: .seconds(10), "the huge task shows why it is pending") {
                try tasks(manager, "huge").first?.hasSuffix("no suitable node (insufficient resources on 1 node)") == true
            }
        } catch {
            throw TestFailure("\(error): \(try tasks(manager, "huge"))")
        }
        #expect(try tasks(manager, "huge").first?.contains("|Pending ") == true)

        // Removed: the containers are stopped, and every task is deleted.
        _ = try manager.dockerOutput(["service", "rm", "redis", "huge"])
        let gone = try manager.docker(["service", "ps", "redis"])
        #expect(gone.exitStatus != 0 && gone.standardError.contains("no such service: redis"), "\(gone.standardError)")
        try waitUntil(timeout: .seconds(15), "every task is stopped and deleted") { try manager.request("GET", "/tasks").body == "[]" }
    }

    @Test func badSpecsAreRefusedWithClearErrors() throws {
        let scratch = try ScratchDirectory()
        let manager = try SwarmdProcess(index: 22, directory: scratch)
        try manager.start()
        _ = try manager.dockerOutput(["swarm", "init", "--advertise-addr", manager.host])

        // --no-resolve-image: no registry serves this test, and none outside loopback may be asked.
        let constraint = try manager.docker(["service", "create", "--detach", "--no-resolve-image", "--name", "c", "--constraint", "node.role=manager", "busybox"])
        #expect(constraint.standardError.contains("invalid placement constraint \"node.role=manager\": it must be KEY==VALUE or KEY!=VALUE"), "\(constraint.standardError)")
        let key = try manager.docker(["service", "create", "--detach", "--no-resolve-image", "--name", "k", "--constraint", "node.colour==red", "busybox"])
        #expect(key.standardError.contains("unknown key node.colour"), "\(key.standardError)")
        let name = try manager.docker(["service", "create", "--detach", "--no-resolve-image", "--name", "under_score", "busybox"])
        #expect(name.standardError.contains("invalid service name \"under_score\""), "\(name.standardError)")

        let cases: [(body: String, status: Int, message: String)] = [
            (#"{"Name":"neg","TaskTemplate":{"ContainerSpec":{"Image":"busybox"}},"Mode":{"Replicated":{"Replicas":-1}}}"#, 400,
             "invalid replicas -1: the number of replicas must be 0 or more"),
            (#"{"Name":"noimage","TaskTemplate":{"ContainerSpec":{}}}"#, 400, "ContainerSpec: image reference must be provided"),
            (#"{"Name":"two","TaskTemplate":{"ContainerSpec":{"Image":"busybox"}},"Mode":{"Replicated":{},"Global":{}}}"#, 400,
             "the service mode must be exactly one of Replicated, Global, ReplicatedJob or GlobalJob"),
            (#"{"Name":"mounts","TaskTemplate":{"ContainerSpec":{"Image":"busybox","Mounts":[]}}}"#, 400,
             "unknown field TaskTemplate.ContainerSpec.Mounts"),
            (#"{"Name":"spread","TaskTemplate":{"ContainerSpec":{"Image":"busybox"},"Placement":{"Preferences":[{"Spread":{"SpreadDescriptor":"zone"}}]}}}"#,
             400, "it must be node.labels.NAME"),
        ]
        for (body, status, message) in cases {
            let answer = try manager.request("POST", "/services/create", body: body)
            #expect(answer.status == status && answer.body.contains(message), "\(body) → \(answer.status) \(answer.body)")
        }
        #expect(try manager.request("GET", "/services").body == "[]", "no refused spec was stored")

        _ = try manager.dockerOutput(["service", "create", "--detach", "--no-resolve-image", "--replicas", "0", "--name", "web", "busybox"])
        let renamed = try manager.request("POST", "/services/web/update?version=1", body: #"{"Name":"other","TaskTemplate":{"ContainerSpec":{"Image":"busybox"}}}"#)
        #expect(renamed.status == 409 || renamed.status == 400, "\(renamed)")
    }

    @Test func tasksLandWhereConstraintsSpreadAndGlobalModeSay() throws {
        try TestRegistry.serving(on: Self.registryPort + 1) { registry in try placements(registry) }
    }

    func placements(_ registry: TestRegistry) throws {
        let scratch = try ScratchDirectory()
        let manager = try SwarmdProcess(index: 23, directory: scratch)
        let first = try SwarmdProcess(index: 28, directory: scratch)
        let second = try SwarmdProcess(index: 29, directory: scratch)
        for node in [manager, first, second] { try node.start(extraArguments: ["--registry-mirror", registry.url]) }
        _ = try manager.dockerOutput(["swarm", "init", "--advertise-addr", manager.host, "--dispatcher-heartbeat", "1s"])
        let token = try manager.dockerOutput(["swarm", "join-token", "-q", "worker"])
        _ = try first.dockerOutput(["swarm", "join", "--token", token, manager.listenAddress])
        func readyNodes() throws -> Int {
            try manager.dockerOutput(["node", "ls", "--format", "{{.Status}}"]).split(separator: "\n").filter { $0 == "Ready" }.count
        }
        try waitUntil(timeout: .seconds(15), "the first worker is ready") { try readyNodes() == 2 }

        // A global service: one task per node, and one more for a node that joins.
        _ = try manager.dockerOutput(["service", "create", "--detach", "--mode", "global", "--name", "agent"] + Self.image)
        try waitUntil(timeout: .seconds(10), "a global task per node") { try distribution(manager, "agent") == ["node23": 1, "node28": 1] }
        _ = try second.dockerOutput(["swarm", "join", "--token", token, manager.listenAddress])
        try waitUntil(timeout: .seconds(15), "the joining node gets its global task") {
            try distribution(manager, "agent") == ["node23": 1, "node28": 1, "node29": 1]
        }
        for (node, zone) in [("node23", "a"), ("node28", "a"), ("node29", "b")] {
            _ = try manager.dockerOutput(["node", "update", "--label-add", "zone=\(zone)", node])
        }

        let placements: [(arguments: [String], expected: [String: Int])] = [
            (["--replicas", "6"], ["node23": 2, "node28": 2, "node29": 2]),
            (["--replicas", "4", "--constraint", "node.role==worker"], ["node28": 2, "node29": 2]),
            (["--replicas", "3", "--constraint", "node.labels.zone!=a"], ["node29": 3]),
            (["--replicas", "2", "--constraint", "node.hostname==node28"], ["node28": 2]),
            (["--replicas", "4", "--placement-pref", "spread=node.labels.zone"], ["node23": 1, "node28": 1, "node29": 2]),
            (["--replicas", "5", "--replicas-max-per-node", "1"], ["node23": 1, "node28": 1, "node29": 1, "pending": 2]),
            (["--replicas", "2", "--constraint", "node.labels.zone==c"], ["pending": 2]),
        ]
        for (index, placement) in placements.enumerated() {
            let name = "placed\(index)"
            _ = try manager.dockerOutput(["service", "create", "--detach", "--name", name] + placement.arguments + Self.image)
            do {
                try waitUntil(timeout: .seconds(10), "\(placement.arguments) places as expected") { try distribution(manager, name) == placement.expected }
            } catch {
                Issue.record("\(placement.arguments): expected \(placement.expected), got \(try distribution(manager, name)): \(try tasks(manager, name))")
            }
        }
        let limited = try tasks(manager, "placed5")
        #expect(limited.filter { $0.hasSuffix("no suitable node (max replicas per node limit exceed)") }.count == 2, "\(limited)")
        let unmet = try tasks(manager, "placed6")
        #expect(unmet.allSatisfy { $0.hasSuffix("no suitable node (scheduling constraints not satisfied on 3 nodes)") }, "\(unmet)")

        // Draining a node shuts its tasks down; the replicated ones are placed elsewhere.
        _ = try manager.dockerOutput(["node", "update", "--availability", "drain", "node29"])
        try waitUntil(timeout: .seconds(10), "the drained node's tasks move") {
            try distribution(manager, "agent") == ["node23": 1, "node28": 1] && distribution(manager, "placed0")["node29"] == nil
                && distribution(manager, "placed0").values.reduce(0, +) == 6
        }
        try waitUntil(timeout: .seconds(15), "the drained node's global task is shut down") {
            try tasks(manager, "agent").contains { $0.hasPrefix("agent.") && $0.contains("|node29|Shutdown|Shutdown ") }
        }
    }
}
