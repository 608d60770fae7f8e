import SwarmTransport

/// Asks other managers which role the swarm wants this node in, through one heartbeat to their
/// dispatcher (whose first answer names the node's desired role). A manager that was demoted
/// while it was down was also removed from Raft, so it never hears of the demotion through the
/// log: when it has known no leader for a while, this is how it learns it.
struct RoleInquiry {
    /// How long one manager gets to answer.
    static let answerTimeout = Duration.seconds(5)

    let identity: TransportIdentity

    /// The role the first of `managers` to answer names; nil when none answers.
    func desiredRole(asking managers: [TransportAddress]) async -> TransportRole? {
        for manager in managers {
            if let role = await desiredRole(asking: manager) { return role }
        }
        return nil
    }

    private func desiredRole(asking manager: TransportAddress) async -> TransportRole? {
        guard let client = try? DispatcherClient(manager: manager, identity: identity) else { return nil }
        defer { client.abandon() }
        return await withTaskGroup(of: TransportRole?.self) { group in
            group.addTask { try? await client.session { _ in false }?.desiredRole }
            group.addTask {
                try? await Task.sleep(for: Self.answerTimeout)
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
    }
}
