import SwarmState

/// The checks a node must pass to take a task, in Swarm's order, each with Swarm's explanation
/// for the nodes it turned away ("no suitable node (insufficient resources on 2 nodes)").
enum PlacementFilter: CaseIterable {
    case ready, resources, constraints, maxReplicas

    /// Whether the node carrying `load` passes, for a task of `service` with `spec`.
    func passes(_ load: NodeLoad, spec: TaskSpec, serviceID: ServiceID, constraints: [PlacementConstraint]) -> Bool {
        switch self {
        case .ready: load.node.status.state == .ready && load.node.spec.availability == .active
        case .resources: load.fits(spec)
        case .constraints: constraints.allSatisfy { $0.isMet(by: load.node) }
        case .maxReplicas:
            (spec.placement?.maxReplicas ?? 0) == 0 || UInt64(load.tasksByService[serviceID] ?? 0) < spec.placement!.maxReplicas!
        }
    }

    /// Swarm's explanation for `count` nodes this filter turned away.
    func explanation(nodes count: Int) -> String {
        let nodes = count == 1 ? "1 node" : "\(count) nodes"
        return switch self {
        case .ready: count == 1 ? "1 node not available for new tasks" : "\(count) nodes not available for new tasks"
        case .resources: "insufficient resources on \(nodes)"
        case .constraints: "scheduling constraints not satisfied on \(nodes)"
        case .maxReplicas: "max replicas per node limit exceed"
        }
    }

    /// The first filter the node fails, if any.
    static func firstFailed(_ load: NodeLoad, spec: TaskSpec, serviceID: ServiceID, constraints: [PlacementConstraint]) -> PlacementFilter? {
        allCases.first { !$0.passes(load, spec: spec, serviceID: serviceID, constraints: constraints) }
    }

    /// Docker's pending reason for a task no node took: each filter's count of nodes it failed.
    static func noSuitableNode(_ failures: [PlacementFilter: Int]) -> String {
        let reasons = allCases.compactMap { filter in failures[filter].map { filter.explanation(nodes: $0) } }
        return reasons.isEmpty ? "no suitable node" : "no suitable node (\(reasons.joined(separator: "; ")))"
    }
}
