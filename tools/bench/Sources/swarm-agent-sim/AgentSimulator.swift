import ArgumentParser
import Foundation
import SwarmCrypto
import SwarmState
import SwarmTransport
import Synchronization

/// Many simulated worker nodes in one process, for the control-plane benchmark: each joins the
/// swarm with the worker token (a key and certificate of its own, as a real join) and then
/// heartbeats over its own mutual-TLS connection at the period the manager asks for, following
/// redirects to the leader, until a stop file appears. With `--assignments-file`, each also
/// follows its assignments (as a real agent does, without running anything) and the number of
/// distinct tasks assigned to all of them is kept in that file, for the scheduler benchmark.
/// Prints `name value` lines when done.
@main
struct AgentSimulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm-agent-sim", abstract: "Join many simulated workers to a swarm and keep them heartbeating."
    )

    @Option(help: "A manager's host:port to join through.")
    var manager: String

    @Option(help: "The swarm's worker join token.")
    var token: String

    @Option(help: "How many nodes to simulate.")
    var nodes = 1000

    @Option(help: "Keep heartbeating, after every node joined, until this file exists.")
    var stopFile: String

    @Option(help: "Joins in flight at once.")
    var joinConcurrency = 16

    @Option(help: "Host name prefix of the simulated nodes.")
    var prefix = "sim"

    @Option(help: "Follow every node's assignments and keep the count of distinct tasks assigned in this file.")
    var assignmentsFile: String?

    func run() async throws {
        guard let address = TransportAddress(manager) else { throw ValidationError("--manager must be HOST:PORT") }
        let joinToken = try JoinToken(parsing: token)
        let started = ContinuousClock.now
        let identities = try await joinAll(through: address, token: joinToken)
        let joined = ContinuousClock.now - started
        print("agents_joined \(identities.count)")
        print("join_s \(String(format: "%.1f", Double(joined.components.seconds) + Double(joined.components.attoseconds) / 1e18))")
        FileHandle.standardError.write(Data("swarm-agent-sim: \(identities.count) nodes joined; heartbeating until \(stopFile) exists\n".utf8))
        let counters = HeartbeatCounters()
        let assigned = AssignedTasks()
        await withTaskGroup(of: Void.self) { group in
            for identity in identities {
                group.addTask { await Self.heartbeat(identity, to: address, counters: counters) }
                if assignmentsFile != nil { group.addTask { await Self.followAssignments(identity, from: address, into: assigned) } }
            }
            while !FileManager.default.fileExists(atPath: stopFile) {
                try? await Task.sleep(for: .milliseconds(100))
                if let assignmentsFile { try? Data("\(assigned.count)\n".utf8).write(to: URL(fileURLWithPath: assignmentsFile), options: .atomic) }
            }
            group.cancelAll()
        }
        let (succeeded, failed, reasons) = counters.totals
        print("heartbeats_ok \(succeeded)")
        print("heartbeats_failed \(failed)")
        for (reason, count) in reasons.sorted(by: { $0.value > $1.value }).prefix(5) {
            FileHandle.standardError.write(Data("swarm-agent-sim: \(count) sessions failed: \(reason)\n".utf8))
        }
    }

    /// Joins `nodes` nodes, `joinConcurrency` at a time; returns their identities.
    private func joinAll(through address: TransportAddress, token: JoinToken) async throws -> [TransportIdentity] {
        var identities: [TransportIdentity] = []
        try await withThrowingTaskGroup(of: TransportIdentity.self) { group in
            var next = 0
            func startJoin() {
                let index = next
                next += 1
                group.addTask { try await Self.join(index: index, through: address, token: token, prefix: prefix) }
            }
            while next < min(joinConcurrency, nodes) { startJoin() }
            while let identity = try await group.next() {
                identities.append(identity)
                if identities.count % 500 == 0 { FileHandle.standardError.write(Data("swarm-agent-sim: \(identities.count) joined\n".utf8)) }
                if next < nodes { startJoin() }
            }
        }
        return identities
    }

    private static func join(index: Int, through address: TransportAddress, token: JoinToken, prefix: String) async throws -> TransportIdentity {
        try await NodeJoiner.join(
            through: address,
            application: { publicKey in
                JoinApplication(
                    joinToken: token.revealedText(), publicKeyDER: publicKey, hostname: "\(prefix)-\(index)", advertiseAddress: "127.0.0.1:0",
                    availability: "active", architecture: "x86_64", operatingSystem: "linux", nanoCPUs: 1_000_000_000, memoryBytes: 1 << 30,
                    engineVersion: "simulated"
                )
            },
            acceptsRoot: { token.matchesRootCA(certificatePEM: Array($0.utf8)) }
        ).identity
    }

    /// Heartbeats as one node until cancelled, starting at a random point of the first period,
    /// in sessions that follow redirects to the leader.
    private static func heartbeat(_ identity: TransportIdentity, to first: TransportAddress, counters: HeartbeatCounters) async {
        var target = first
        let retry = SessionRetry()
        try? await Task.sleep(for: .milliseconds(Int.random(in: 0..<5_000)))
        while !Task.isCancelled {
            guard let client = try? DispatcherClient(manager: target, identity: identity) else { return }
            do {
                let ended = try await client.session { answer in
                    _ = retry.answered()
                    if answer.leaderAddress == nil { counters.recordSuccess() }
                    return answer.leaderAddress == nil
                }
                if let leader = ended?.leaderAddress.flatMap(TransportAddress.init) { target = leader }
                await client.close()
            } catch where !Task.isCancelled {
                client.abandon()
                counters.record(failure: error)
                try? await Task.sleep(for: retry.failed().wait)
            } catch {
                client.abandon()
            }
        }
    }
}

extension AgentSimulator {
    /// Follows one node's assignments until cancelled, recording the tasks it is given.
    private static func followAssignments(_ identity: TransportIdentity, from first: TransportAddress, into assigned: AssignedTasks) async {
        var target = first
        while !Task.isCancelled {
            guard let client = try? DispatcherClient(manager: target, identity: identity) else { return }
            let leader = try? await client.assignments { batch in assigned.record(batch.updatedTasks) }
            client.abandon()
            if let leader = leader.flatMap({ $0 }).flatMap(TransportAddress.init) { target = leader } else { try? await Task.sleep(for: .milliseconds(500)) }
        }
    }
}

/// The distinct tasks assigned to any simulated node.
final class AssignedTasks: Sendable {
    private let ids = Mutex(Set<String>())

    /// Records the tasks of an assignment message (each in the store's encoding, decoded as an
    /// agent does).
    func record(_ tasks: [[UInt8]]) {
        let new = tasks.compactMap { try? SwarmTask(wireBytes: $0).id.rawValue }
        ids.withLock { $0.formUnion(new) }
    }

    var count: Int { ids.withLock { $0.count } }
}

/// Heartbeats answered and sessions failed (with how often each reason came), across every
/// simulated node.
final class HeartbeatCounters: Sendable {
    private let counts = Mutex((succeeded: 0, failed: 0, reasons: [String: Int]()))

    func recordSuccess() {
        counts.withLock { $0.succeeded += 1 }
    }

    func record(failure: any Error) {
        let reason = String("\(failure)".prefix(160))
        counts.withLock {
            $0.failed += 1
            $0.reasons[reason, default: 0] += 1
        }
    }

    var totals: (succeeded: Int, failed: Int, reasons: [String: Int]) { counts.withLock { $0 } }
}
