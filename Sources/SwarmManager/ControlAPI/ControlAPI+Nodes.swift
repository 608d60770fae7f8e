public import SwarmState
import Foundation

extension ControlAPI {
    /// Every node, in ID order.
    public func nodes() -> [Node] {
        store.current.nodes.all
    }

    /// The nodes with a manager status (the Raft members), in ID order.
    public func raftMembers() -> [Node] {
        store.current.nodes.objects(indexedBy: Node.raftMemberIndexKey)
    }

    /// The node `reference` names (ID, name or unique ID prefix).
    public func node(_ reference: String) throws(ControlError) -> Node {
        try resolve(reference, in: store.current.nodes)
    }

    /// Replaces the spec of the node read at `version` (`docker node update/promote/demote`). A
    /// role change takes effect as the node renews its certificate: a promoted worker joins the
    /// Raft group; a demoted manager leaves it (the leader hands over leadership first).
    public func updateNode(_ reference: String, version: ObjectVersion, spec: NodeSpec) async throws(ControlError) {
        let node = try node(reference)
        try LabelRule.validate(spec.labels)
        if node.spec.role == .manager, spec.role == .worker {
            let managers = nodes().filter { $0.spec.role == .manager }
            guard managers.count > 1 else {
                throw ControlError(.failedPrecondition, "attempting to demote the last manager of the swarm; promote another node first")
            }
        }
        try await rewrite(node, expecting: version) { $0.spec = spec }
    }

    /// Removes a node from the swarm (`docker node rm`): a manager must be demoted first, and a
    /// node that is up only goes with `force`.
    public func removeNode(_ reference: String, force: Bool) async throws(ControlError) {
        let node = try node(reference)
        if node.role == .manager || node.spec.role == .manager || node.managerStatus != nil {
            throw ControlError(
                .failedPrecondition,
                "node \(node.id) is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal"
            )
        }
        if !force, node.status.state == .ready {
            throw ControlError(.failedPrecondition, "node \(node.id) is not down and can't be removed (use --force to remove it anyway)")
        }
        try await write([.remove(.node, id: node.id.rawValue)])
    }
}

extension ControlAPI {
    /// Records what the dispatcher observed of many nodes in one transaction: all or none (a
    /// node changed since it was read rejects them all).
    func setNodeStatuses(_ changes: [(node: Node, status: NodeStatusChange)]) async throws(ControlError) {
        let time = now()
        try await write(changes.map { node, status in
            Self.nodeUpdate(node, stampedAt: time) { updated in
                updated.status.state = status.state
                updated.status.message = status.message
            }
        })
    }

    /// Writes `node` as `change` makes it, stamped now, provided it is still at `version` (by
    /// default the version it was read at).
    func rewrite(_ node: Node, expecting version: ObjectVersion? = nil, _ change: (inout Node) -> Void) async throws(ControlError) {
        try await write([Self.nodeUpdate(node, expecting: version, stampedAt: now(), change)])
    }

    /// The action that writes `node` as `change` makes it, updated at `time`, provided it is
    /// still at `version` (by default the version it was read at).
    private static func nodeUpdate(_ node: Node, expecting version: ObjectVersion? = nil, stampedAt time: Date, _ change: (inout Node) -> Void) -> StoreAction {
        var updated = node
        change(&updated)
        updated.meta.updatedAt = time
        return .update(.node(updated), expected: version ?? node.meta.version)
    }
}

extension ControlAPI {
    /// The first step of a demotion, on the leader: the node is a worker from now on; the demoted
    /// manager, which still applies this, steps down to a worker when it sees it.
    public func recordDemotion(of node: Node) async throws(ControlError) {
        try await rewrite(node) { $0.role = .worker }
    }

    /// The last step of a demotion, once the node's Raft member is removed: it has no manager
    /// status any more.
    public func forgetManagerStatus(of node: Node) async throws(ControlError) {
        try await rewrite(node) { $0.managerStatus = nil }
    }

    /// Removes the node object of a manager whose join could not complete (it never became a
    /// Raft member), so that a retried join starts clean.
    public func discardJoiningManager(_ nodeID: String) async throws(ControlError) {
        try await write([.remove(.node, id: nodeID)])
    }
}
