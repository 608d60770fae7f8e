import RaftCore
import RaftNode
import RaftTypes
import SwarmStorage
import SwarmTesting
import SwarmTransport
import Synchronization
import Testing

/// One RaftNode over real storage and a real (loopback, mutual-TLS) transport: what it applied
/// survives restarts through snapshots and the log, and a damaged snapshot stops it with a
/// clear error instead of wrong state.
@Suite("RaftNode restarts")
struct RaftNodeRestartTests {
    static let member = RaftMemberID(1)

    private static func configuration(snapshotEntries: UInt64) -> RaftNodeConfiguration {
        RaftNodeConfiguration(
            raft: RaftConfiguration(id: member), tickInterval: .milliseconds(5), snapshotEntryInterval: snapshotEntries,
            snapshotByteInterval: 1 << 30, requestTimeout: .seconds(10)
        )
    }

    private static func transport() async throws -> RaftTransport {
        let authority = try TransportCertificateAuthority(clusterID: "node-tests")
        return try await RaftTransport.listen(
            on: TransportAddress(host: "127.0.0.1", port: 0), identity: try authority.issue(nodeID: "1", role: .manager), clusterID: "node-tests"
        )
    }

    @Test("commands applied before restarts are applied again exactly once, in order, from snapshots and the log")
    func restartsReplayEverythingOnce() async throws {
        let scratch = try ScratchDirectory(label: "raftnode-restart")
        let transport = try await Self.transport()
        var expected: [[UInt8]] = []
        for run in 0..<3 {
            let storage = try RaftStorage(directory: scratch.appending("raft"), unlockKey: nil)
            let machine = CommandLogMachine()
            let node = try await RaftNode.start(
                configuration: Self.configuration(snapshotEntries: 40), storage: storage, stateMachine: machine, transport: transport,
                bootstrap: [Self.member]
            )
            try await Self.waitUntilLeading(node)
            try await node.readBarrier()
            #expect(machine.commands.withLock { $0 } == expected, "run \(run) restored a different state")
            for index in 0..<100 {
                let command = Array("run \(run) command \(index)".utf8)
                _ = try await node.propose(command)
                expected.append(command)
            }
            let status = try #require(await node.status())
            #expect(status.snapshotIndex > .zero, "run \(run) took no snapshot")
            await node.stop()
            storage.close()
        }
        await transport.shutdown()
    }

    @Test("a damaged snapshot image stops the start with badSnapshot, never a crash")
    func damagedSnapshotsAreRefused() async throws {
        let transport = try await Self.transport()
        var mutator = InputMutator(random: .fromEnvironment())
        let valid = try await Self.validSnapshotContents()
        for _ in 0..<200 {
            let scratch = try ScratchDirectory(label: "raftnode-damaged")
            let storage = try RaftStorage(directory: scratch.appending("raft"), unlockKey: nil)
            let damaged = mutator.mutate(valid)
            _ = try await storage.saveSnapshot(index: LogIndex(5), term: Term(1), contents: [damaged].async)
            do {
                let node = try await RaftNode.start(
                    configuration: Self.configuration(snapshotEntries: 1_000), storage: storage, stateMachine: CommandLogMachine(),
                    transport: transport
                )
                await node.stop()  // the mutation left a well-formed image
            } catch {
                guard case .badSnapshot(let reason) = error else {
                    Issue.record("a damaged snapshot gave \(error), not badSnapshot")
                    storage.close()
                    continue
                }
                #expect(!reason.isEmpty)
            }
            storage.close()
        }
        await transport.shutdown()
    }

    /// Waits (at most ten seconds) until the single-member group's node has elected itself.
    private static func waitUntilLeading(_ node: RaftNode) async throws {
        for _ in 0..<1_000 {
            if await node.status()?.role == .leader { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the node did not become leader within ten seconds")
    }

    /// The contents of a snapshot a real node wrote (membership header and image).
    private static func validSnapshotContents() async throws -> [UInt8] {
        let scratch = try ScratchDirectory(label: "raftnode-valid")
        let storage = try RaftStorage(directory: scratch.appending("raft"), unlockKey: nil)
        let transport = try await transport()
        let node = try await RaftNode.start(
            configuration: configuration(snapshotEntries: 5), storage: storage, stateMachine: CommandLogMachine(), transport: transport,
            bootstrap: [member]
        )
        try await waitUntilLeading(node)
        for index in 0..<20 { _ = try await node.propose(Array("command \(index)".utf8)) }
        await node.stop()
        await transport.shutdown()
        let latest = try #require(try storage.snapshots.latest())
        defer { storage.close() }
        return try storage.contents(of: latest)
    }
}
