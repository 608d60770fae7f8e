import ArgumentParser
import Foundation
import Hummingbird
import Logging
import RaftCore
import RaftNode
import RaftTypes
import SwarmCrypto
import SwarmStorage
import SwarmTransport
import SystemPackage

/// raft-kv: a tiny key-value service over `RaftNode`, for the Raft benchmark against etcd and
/// the multi-process Raft tests. Every member is one process with its own data directory; the
/// members' certificates come from a CA derived from a shared seed (`RAFT_KV_CA_SEED`, 64 hex
/// digits), so no key is ever written to disk.
@main
struct RaftKV: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raft-kv",
        abstract: "A key-value service over swarmd's Raft, speaking etcd's HTTP/JSON put and range."
    )

    @Option(help: "This member's Raft id (a positive integer).")
    var id: UInt64

    @Option(help: "The data directory (created if missing).")
    var dataDir: String

    @Option(help: "HOST:PORT for Raft peers (mutual TLS).")
    var raftAddress: String

    @Option(help: "HOST:PORT for the HTTP/JSON API.")
    var httpAddress: String

    @Option(help: "A peer, as ID=HOST:PORT (repeat for each).")
    var peer: [String] = []

    @Option(help: "The founding members' ids, comma-separated (the same on every founder); omit to join an existing group.")
    var bootstrap: String?

    @Option(help: "Milliseconds per Raft tick.")
    var tickMilliseconds: Int = 100

    @Option(help: "Entries between snapshots (at the least).")
    var snapshotEntries: UInt64 = 10_000

    @Option(help: "Bytes of log entries after which a snapshot is taken in any case.")
    var snapshotBytes: Int = 64 << 20

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["RAFT_KV_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        guard id > 0 else { throw ValidationError("--id must be a positive integer") }
        let member = RaftMemberID(id)
        guard let raftAddress = TransportAddress(raftAddress) else { throw ValidationError("--raft-address must be HOST:PORT") }
        guard let httpAddress = TransportAddress(httpAddress) else { throw ValidationError("--http-address must be HOST:PORT") }
        let peers = try peer.map(Self.parsePeer)
        let founders = try bootstrap.map(Self.parseMembers)

        let authority = try TransportCertificateAuthority(clusterID: "raft-kv", seed: try Self.caSeed())
        let identity = try authority.issue(nodeID: String(id, radix: 16), role: .manager)
        let transport = try await RaftTransport.listen(on: raftAddress, identity: identity, clusterID: "raft-kv")
        for (peerID, address) in peers where peerID != member {
            try transport.setPeer(peerID, address: address)
        }
        let storage = try RaftStorage(directory: .init(dataDir), unlockKey: nil)
        let store = KeyValueStore()
        var configuration = RaftNodeConfiguration(
            raft: RaftConfiguration(id: member), tickInterval: .milliseconds(tickMilliseconds), snapshotEntryInterval: snapshotEntries,
            snapshotByteInterval: snapshotBytes
        )
        configuration.requestTimeout = .seconds(5)
        let node = try await RaftNode.start(
            configuration: configuration, storage: storage, stateMachine: store, transport: transport, bootstrap: founders.map(Set.init)
        )
        let app = Application(
            router: KeyValueAPI(node: node, store: store).router(),
            configuration: .init(address: .hostname(httpAddress.host, port: httpAddress.port))
        )
        try await app.runService()
        await node.stop()
        await transport.shutdown()
        storage.close()
    }

    private static func parsePeer(_ text: String) throws -> (RaftMemberID, TransportAddress) {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let raw = UInt64(parts[0]), raw > 0, let address = TransportAddress(String(parts[1])) else {
            throw ValidationError("--peer must be ID=HOST:PORT with a positive ID, got '\(text)'")
        }
        return (RaftMemberID(raw), address)
    }

    private static func parseMembers(_ text: String) throws -> [RaftMemberID] {
        try text.split(separator: ",").map { part in
            guard let raw = UInt64(part), raw > 0 else { throw ValidationError("--bootstrap must list positive ids, got '\(part)'") }
            return RaftMemberID(raw)
        }
    }

    private static func caSeed() throws -> [UInt8] {
        guard let hex = ProcessInfo.processInfo.environment["RAFT_KV_CA_SEED"], hex.count == 64 else {
            throw ValidationError("set RAFT_KV_CA_SEED to 64 hex digits, the same for every member")
        }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { throw ValidationError("RAFT_KV_CA_SEED must be hex digits") }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
