import Foundation
import SwarmTesting

/// A raft-kv cluster of separate processes on 127.0.0.11, .12, ... for one test: every member
/// knows every address (also of members that join later), founders bootstrap together, and
/// everything is stopped and deleted when the cluster is released.
final class RaftKVCluster: @unchecked Sendable {
    // @unchecked Sendable: driven from the owning test's task only.
    let members: [UInt64: RaftKVMember]
    let faults: NetworkFaults?
    private let directory: ScratchDirectory
    private let caSeed: String
    private let extraArguments: [String]

    /// Prepares members 1...`capacity` (none started).
    init(capacity: Int, label: String, withNetworkFaults: Bool = false, extraArguments: [String] = []) throws {
        directory = try ScratchDirectory(label: "raft-\(label)")
        faults = withNetworkFaults ? NetworkFaults.make(label: label) : nil
        caSeed = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let base = Int.random(in: 20_000..<50_000)
        var members: [UInt64: RaftKVMember] = [:]
        for id in 1...UInt64(capacity) {
            members[id] = try RaftKVMember(
                id: id, raftPort: base + Int(id), httpPort: base + 100 + Int(id), directory: directory,
                controlGroup: faults?.controlGroup(for: id)
            )
        }
        self.members = members
        self.extraArguments = extraArguments
    }

    deinit {
        for member in members.values { member.stop() }
    }

    /// Starts members `founders` as a new group.
    func bootstrap(_ founders: [UInt64]) throws {
        let list = founders.map(String.init).joined(separator: ",")
        for id in founders { try start(id, extra: ["--bootstrap", list]) }
    }

    /// Starts (or restarts) member `id` on its data directory.
    func start(_ id: UInt64, extra: [String] = []) throws {
        let peers = members.values.sorted { $0.id < $1.id }.flatMap { ["--peer", "\($0.id)=\($0.raftAddress)"] }
        try members[id]!.start(caSeed: caSeed, arguments: peers + extraArguments + extra)
    }

    subscript(id: UInt64) -> RaftKVMember { members[id]! }

    var running: [RaftKVMember] { members.values.filter(\.isRunning).sorted { $0.id < $1.id } }

    /// The member that a majority of `among` agree leads (in one term), within `timeout`.
    func waitForLeader(among: [UInt64]? = nil, timeout: Duration = .seconds(20)) async throws -> UInt64 {
        let candidates = among ?? running.map(\.id)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var views: [UInt64: Int] = [:]
            for id in candidates {
                guard let status = await members[id]?.client.status(), let leader = status["leader"] as? UInt64, leader != 0 else { continue }
                views[leader, default: 0] += 1
            }
            if let (leader, count) = views.max(by: { $0.value < $1.value }), count > candidates.count / 2,
                let status = await members[leader]?.client.status(), status["role"] as? String == "leader"
            {
                return leader
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClusterError.noLeader(logs: running.map { "member \($0.id):\n\($0.logTail)" }.joined(separator: "\n"))
    }

    /// Waits until every member in `ids` has applied at least `index`.
    func waitUntilApplied(_ index: UInt64, by ids: [UInt64], timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        var applied: [UInt64: UInt64] = [:]
        while ContinuousClock.now < deadline {
            for id in ids {
                applied[id] = await members[id]?.client.status()?["applied"] as? UInt64 ?? 0
            }
            if applied.values.allSatisfy({ $0 >= index }) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ClusterError.behind(index: index, applied: applied, within: timeout)
    }

    /// Puts through `member` until it answers yes (retrying refusals and unknowns).
    @discardableResult
    func put(_ key: String, _ value: String, via member: UInt64? = nil, timeout: Duration = .seconds(20)) async throws -> UInt64 {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            var target = member ?? 0
            if target == 0 { target = try await waitForLeader() }
            switch await members[target]!.client.put(key: key, value: value) {
            case .ok(let revision): return revision
            case .refused(let reason), .unknown(let reason): last = reason
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClusterError.requestFailed(last)
    }

    enum ClusterError: Error, CustomStringConvertible {
        case noLeader(logs: String)
        case behind(index: UInt64, applied: [UInt64: UInt64], within: Duration)
        case requestFailed(String)

        var description: String {
            switch self {
            case .noLeader(let logs): "no leader emerged; member logs:\n\(logs)"
            case .behind(let index, let applied, let timeout):
                "members did not apply index \(index) within \(timeout); applied by member: \(applied.sorted { $0.key < $1.key })"
            case .requestFailed(let reason): "a request kept failing: \(reason)"
            }
        }
    }
}
