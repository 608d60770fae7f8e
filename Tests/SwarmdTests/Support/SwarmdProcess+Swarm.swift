import SwarmTesting

extension SwarmdProcess {
    /// Starts `manager` and `workers` pulling through `registry`, makes `manager` a new swarm's
    /// manager (with `initArguments` for `swarm init`), joins the workers, and waits (at most
    /// 15 s) until every node is ready.
    static func formSwarm(
        manager: SwarmdProcess, workers: [SwarmdProcess], registry: TestRegistry, initArguments: [String] = []
    ) throws {
        for node in [manager] + workers { try node.start(extraArguments: ["--registry-mirror", registry.url]) }
        _ = try manager.dockerOutput(["swarm", "init", "--advertise-addr", manager.host] + initArguments)
        let token = try manager.dockerOutput(["swarm", "join-token", "-q", "worker"])
        for worker in workers { _ = try worker.dockerOutput(["swarm", "join", "--token", token, manager.listenAddress]) }
        try waitUntil(timeout: .seconds(15), "every node is ready") {
            try manager.dockerOutput(["node", "ls", "--format", "{{.Status}}"]).split(separator: "\n").allSatisfy { $0 == "Ready" }
        }
    }
}
