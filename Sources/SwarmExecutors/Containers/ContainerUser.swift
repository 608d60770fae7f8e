import Foundation

/// The user a container's process runs as, resolved against the image's own `/etc/passwd` and
/// `/etc/group` as Docker resolves it: `name`, `uid`, `name:group`, `uid:gid`; root when unsaid.
struct ContainerUser: Equatable {
    let uid: UInt32
    let gid: UInt32
    let additionalGIDs: [UInt32]

    static let root = ContainerUser(uid: 0, gid: 0, additionalGIDs: [])

    /// Resolves `text` in the root filesystem at `rootfs`; nil when a name is not there.
    static func resolve(_ text: String?, rootfs: String) -> ContainerUser? {
        guard let text, !text.isEmpty else { return .root }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let passwd = entries(of: "\(rootfs)/etc/passwd")
        let groups = entries(of: "\(rootfs)/etc/group")
        let account = passwd.first { $0[0] == parts[0] || ($0.count > 2 && $0[2] == parts[0]) }
        guard let uid = UInt32(parts[0]) ?? account.flatMap({ $0.count > 2 ? UInt32($0[2]) : nil }) else { return nil }
        let gid: UInt32
        if parts.count > 1 {
            guard let group = UInt32(parts[1]) ?? groups.first(where: { $0[0] == parts[1] }).flatMap({ $0.count > 2 ? UInt32($0[2]) : nil }) else {
                return nil
            }
            gid = group
        } else {
            gid = account.flatMap { $0.count > 3 ? UInt32($0[3]) : nil } ?? uid
        }
        let name = account?[0]
        let additional = groups.filter { group in
            group.count > 3 && name != nil && group[3].split(separator: ",").contains { $0 == name! }
        }.compactMap { UInt32($0[2]) }
        return ContainerUser(uid: uid, gid: gid, additionalGIDs: additional)
    }

    /// The colon-separated fields of each line of a passwd-style file (none when it is absent).
    private static func entries(of path: String) -> [[String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }
}
