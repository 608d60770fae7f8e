import Foundation
import SwarmState

extension SwarmTask {
    /// A new task of `service` waiting for the scheduler: in replica slot `slot`, or (global
    /// services, slot 0) on node `nodeID`. A job's task is to run to completion, in the job's
    /// current iteration.
    static func new(of service: Service, slot: UInt64, nodeID: NodeID?, at time: Date) -> SwarmTask {
        let isJob = service.spec.mode.isJob
        return SwarmTask(
            id: .random(), meta: ObjectMeta(createdAt: time), serviceID: service.id, slot: slot, nodeID: nodeID, spec: service.spec.taskTemplate,
            status: Status(timestamp: time, state: .pending, message: "pending task scheduling"), desiredState: isJob ? .complete : .running,
            jobIteration: isJob ? service.jobStatus?.jobIteration.index ?? 0 : nil
        )
    }

    /// The task with its desired state changed to `state`.
    func desiring(_ state: TaskState, at time: Date) -> SwarmTask {
        var task = self
        task.desiredState = state
        task.meta.updatedAt = time
        return task
    }
}
