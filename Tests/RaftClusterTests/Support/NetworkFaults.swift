import Foundation
import SwarmTesting
import SystemPackage

/// Network partitions between the members of a test cluster on loopback, with nftables: every
/// member runs in its own cgroup-v2 group, and a rule in this test's own table drops what a
/// group sends to another member's address. Removing the table heals everything.
///
/// Needs root, nft and a cgroup-v2 hierarchy; `make` returns nil (and the test says so) when
/// any is missing.
final class NetworkFaults: @unchecked Sendable {
    // @unchecked Sendable: used from the owning test's task only.
    private let table: String
    /// The cgroup-v2 hierarchy's mount point and its path as nft names it (from /sys/fs/cgroup).
    private let hierarchy: String
    private let nftPrefix: String
    private(set) var groups: [UInt64: String] = [:]

    static func make(label: String) -> NetworkFaults? {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft") else { return nil }
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8),
            let line = mounts.split(separator: "\n").first(where: { $0.split(separator: " ").dropFirst(2).first == "cgroup2" }),
            let mountPoint = line.split(separator: " ").dropFirst().first.map(String.init),
            mountPoint.hasPrefix("/sys/fs/cgroup")
        else { return nil }
        let prefix = String(mountPoint.dropFirst("/sys/fs/cgroup".count).drop { $0 == "/" })
        let faults = NetworkFaults(table: "swarmd_\(label)_\(getpid())", hierarchy: mountPoint, nftPrefix: prefix)
        guard faults.nft("add table inet \(faults.table)"),
            faults.nft("add chain inet \(faults.table) output { type filter hook output priority 0 ; }")
        else { return nil }
        return faults
    }

    private init(table: String, hierarchy: String, nftPrefix: String) {
        self.table = table
        self.hierarchy = hierarchy
        self.nftPrefix = nftPrefix
    }

    deinit {
        _ = nft("delete table inet \(table)")
        for group in groups.values { rmdir(group) }
    }

    /// Creates member `id`'s group and returns its directory (where its process must run).
    func controlGroup(for id: UInt64) -> String? {
        let path = "\(hierarchy)/\(table)_m\(id)"
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { return nil }
        groups[id] = path
        return path
    }

    /// Cuts every link between `side` and the other members in `everyone` (both directions).
    func isolate(_ side: Set<UInt64>, from everyone: [UInt64: String]) {
        for (member, _) in everyone where side.contains(member) {
            for (other, address) in everyone where !side.contains(other) {
                drop(from: member, to: address)
                if let own = everyone[member] { drop(from: other, to: own) }
            }
        }
    }

    /// Removes every rule.
    func heal() {
        _ = nft("flush chain inet \(table) output")
    }

    private func drop(from member: UInt64, to address: String) {
        guard let group = groups[member] else { return }
        let relative = nftPrefix.isEmpty ? String(group.dropFirst(hierarchy.count + 1)) : "\(nftPrefix)/\(group.dropFirst(hierarchy.count + 1))"
        _ = nft("add rule inet \(table) output socket cgroupv2 level 1 \"\(relative)\" ip daddr \(address) drop")
    }

    @discardableResult
    private func nft(_ command: String) -> Bool {
        (try? ChildProcess.run("/usr/sbin/nft", [command], timeout: .seconds(30)))?.exitStatus == 0
    }
}
