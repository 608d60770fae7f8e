import Foundation
import SwarmFileSystem
import SwarmTransport
import SystemPackage

/// `state.json`: who this node is in which swarm, and its addresses — no secrets. Written last
/// when a node founds or joins a swarm, so its presence means the node's storage is complete.
struct NodeStateFile: Codable, Equatable {
    static let fileName = "state.json"
    static let managerRole = "manager"
    static let workerRole = "worker"

    var nodeID: String
    var clusterID: String
    var role: String
    var raftMemberID: UInt64
    var listenAddress: String
    var advertiseAddress: String
    /// The managers a worker reaches (`host:port`); absent on managers.
    var managerAddresses: [String]?

    static func path(in directory: FilePath) -> FilePath { directory.appending(fileName) }

    /// The managers a worker reaches, as addresses (those that parse).
    var managers: [TransportAddress] { (managerAddresses ?? []).compactMap(TransportAddress.init) }

    /// The host part of the advertise address (what `docker info` shows as the node address).
    var advertiseHost: String { TransportAddress(advertiseAddress)?.host ?? advertiseAddress }

    static func load(from directory: FilePath) throws(SwarmNodeError) -> NodeStateFile? {
        let path = path(in: directory)
        guard FileSystemCalls.exists(path) else { return nil }
        do {
            return try JSONDecoder().decode(NodeStateFile.self, from: Data(try AtomicFile.read(path)))
        } catch {
            throw .unreadableState(path: path.string, reason: "\(error)")
        }
    }

    func save(in directory: FilePath) throws(SwarmNodeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try AtomicFile.write([UInt8](try encoder.encode(self)), to: Self.path(in: directory), permissions: [.ownerReadWrite])
        } catch {
            throw .storage("writing \(Self.path(in: directory)) failed: \(error)")
        }
    }
}
