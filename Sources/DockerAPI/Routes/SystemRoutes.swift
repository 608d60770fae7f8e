import HTTPTypes
import Hummingbird
import SwarmManager
import SwarmState

/// `/_ping`, `/version`, `/info`: served in every state, locked included.
struct SystemRoutes {
    let backend: any DockerBackend

    func add(to router: Router<BasicRequestContext>) {
        router.head("/_ping") { _, _ in await ping(body: "") }
        router.get("/_ping") { _, _ in await ping(body: "OK") }
        router.get("/version") { _, _ in DockerJSON.response(VersionResponseJSON(host: backend.host)) }
        router.get("/info") { _, _ in await DockerJSON.response(info()) }
    }

    private func ping(body: String) async -> Response {
        let status = await backend.swarmStatus()
        let swarm = switch status.state {
        case .active: status.isManager ? "active/manager" : "active/worker"
        default: status.state.rawValue
        }
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-cache, no-store, must-revalidate"]
        headers[HTTPField.Name("OSType")!] = "linux"
        headers[HTTPField.Name("Docker-Experimental")!] = "false"
        headers[HTTPField.Name("Swarm")!] = swarm
        headers[HTTPField.Name("Pragma")!] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    private func info() async -> InfoJSON {
        let status = await backend.swarmStatus()
        let host = backend.host
        var cluster: SwarmJSON?
        var counts: (nodes: Int, managers: Int)?
        if status.state == .active, status.isManager, let control = try? await backend.control(), let object = try? control.cluster() {
            cluster = SwarmJSON(object, includingTokens: false)
            let nodes = control.nodes()
            counts = (nodes.count, nodes.filter { $0.managerStatus != nil }.count)
        }
        return InfoJSON(
            ID: status.nodeID?.rawValue ?? "", Name: host.hostname, ServerVersion: host.serverVersion, OperatingSystem: host.operatingSystem,
            Architecture: host.architecture, KernelVersion: host.kernelVersion, NCPU: host.cpuCount, MemTotal: host.memoryBytes,
            DockerRootDir: "",
            Swarm: InfoJSON.SwarmInfoJSON(
                NodeID: status.nodeID?.rawValue ?? "", NodeAddr: status.nodeAddress, LocalNodeState: status.state.rawValue,
                ControlAvailable: status.isManager && status.state == .active, Error: "",
                RemoteManagers: status.state == .active ? status.remoteManagers.map { .init(NodeID: $0.nodeID.rawValue, Addr: $0.address) } : nil,
                Nodes: counts?.nodes, Managers: counts?.managers, Cluster: cluster
            )
        )
    }
}
