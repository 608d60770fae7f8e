import Foundation
import SwarmState

/// What a service spec must be before it is stored: Docker's rules, each broken one named with
/// what to do instead.
enum ServiceSpecRule {
    static func validate(_ spec: ServiceSpec) throws(ControlError) {
        try validateName(spec.name)
        try LabelRule.validate(spec.labels ?? [:])
        guard let kind = spec.mode.kind else {
            throw ControlError(.invalidArgument, "the service mode must be exactly one of Replicated, Global, ReplicatedJob or GlobalJob")
        }
        if kind == .replicated, let replicas = spec.mode.replicated?.replicas, replicas < 0 {
            throw ControlError(.invalidArgument, "invalid replicas \(replicas): the number of replicas must be 0 or more")
        }
        if let job = spec.mode.replicatedJob {
            for (name, value) in [("MaxConcurrent", job.maxConcurrent), ("TotalCompletions", job.totalCompletions)] where (value ?? 0) < 0 {
                throw ControlError(.invalidArgument, "invalid ReplicatedJob.\(name) \(value ?? 0): it must be 0 or more")
            }
        }
        try validateTemplate(spec.taskTemplate)
    }

    /// Docker's rule for service names: a DNS name component.
    static func validateName(_ name: String) throws(ControlError) {
        let bytes = Array(name.utf8)
        let isAlphanumeric = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard !bytes.isEmpty, bytes.count <= 63, isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!),
            bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
        else {
            throw ControlError(
                .invalidArgument,
                "invalid service name \"\(name.prefix(80))\": it must be valid as a DNS name component (1 to 63 characters from [a-zA-Z0-9-], starting and ending with a letter or digit)"
            )
        }
    }

    private static func validateTemplate(_ template: TaskSpec) throws(ControlError) {
        guard let container = template.containerSpec, !container.image.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ControlError(.invalidArgument, "ContainerSpec: image reference must be provided")
        }
        _ = try PlacementConstraint.all(of: template.placement)
        for preference in template.placement?.preferences ?? [] {
            guard let descriptor = preference.spread?.spreadDescriptor else {
                throw ControlError(.invalidArgument, "a placement preference must be spread=node.labels.NAME (the only strategy there is)")
            }
            try SpreadPreference.validate(descriptor)
        }
        if let restart = template.restartPolicy {
            for (name, value) in [("Delay", restart.delay), ("Window", restart.window)] where (value ?? 0) < 0 {
                throw ControlError(.invalidArgument, "invalid RestartPolicy.\(name) \(value ?? 0): a duration must not be negative")
            }
        }
        for (kind, amounts) in [("Limits", template.resources?.limits), ("Reservations", template.resources?.reservations)] {
            for (name, value) in [("NanoCPUs", amounts?.nanoCPUs), ("MemoryBytes", amounts?.memoryBytes), ("Pids", amounts?.pids)] where (value ?? 0) < 0 {
                throw ControlError(.invalidArgument, "invalid Resources.\(kind).\(name) \(value ?? 0): it must not be negative")
            }
        }
        if let grace = template.containerSpec?.stopGracePeriod, grace < 0 {
            throw ControlError(.invalidArgument, "invalid StopGracePeriod \(grace): a duration must not be negative")
        }
    }
}
