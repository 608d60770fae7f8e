/// Docker Engine API versions: the one this server speaks, the oldest it accepts, and the
/// `/v1.NN` prefix clients put on paths.
struct APIVersion: Comparable {
    let major: Int
    let minor: Int

    /// The newest Engine API this server implements (docker CLI 28 asks for up to 1.50 and uses
    /// min(its, ours)).
    static let current = APIVersion(major: 1, minor: 49)
    /// The oldest Engine API this server accepts (Swarm mode's first).
    static let minimum = APIVersion(major: 1, minor: 24)

    var text: String { "\(major).\(minor)" }

    /// The version in a path prefix such as `v1.49`.
    init?(pathComponent: Substring) {
        guard pathComponent.first == "v" else { return nil }
        let parts = pathComponent.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}
