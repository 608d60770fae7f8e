import SwarmExecutors
import SwarmState

extension ContainerRun {
    /// What the executor runs for `task`.
    init(_ task: SwarmTask) {
        let container = task.spec.containerSpec ?? ContainerSpec(image: "")
        let limits = task.spec.resources?.limits
        self.init(
            id: task.id.rawValue, image: container.image, command: container.command, arguments: container.args, environment: container.env ?? [],
            workingDirectory: container.dir, user: container.user, hostname: container.hostname, memoryLimit: limits?.memoryBytes,
            nanoCPUs: limits?.nanoCPUs, pidsLimit: limits?.pids, stopSignal: container.stopSignal, readOnlyRoot: container.readOnly ?? false
        )
    }
}
