import Foundation
import GRPCCore

extension DispatcherClient {
    /// Follows the node's assignments, handing each message to `onBatch` in order, until the
    /// manager ends the stream.
    ///
    /// - Returns: the leader's address when this manager does not lead (ask there), else nil
    ///   once the stream ended (the manager stopped leading or is stopping: ask again).
    /// - Throws: when the manager refuses (unknown node) or cannot be reached.
    public func assignments(onBatch: @escaping @Sendable (AssignmentBatch) async -> Void) async throws -> String? {
        try await Swarmd_Dispatcher_V1_Dispatcher.Client(wrapping: client).assignments(Swarmd_Dispatcher_V1_AssignmentsRequest()) { response in
            for try await message in response.messages {
                if !message.leaderAddress.isEmpty { return message.leaderAddress }
                await onBatch(
                    AssignmentBatch(
                        isComplete: message.kind == .complete, updatedTasks: message.updatedTasks.map { Array($0) },
                        removedTaskIDs: message.removedTaskIds
                    )
                )
            }
            return nil
        }
    }

    /// Reports task statuses; returns the leader's address when this manager does not lead
    /// (nothing was recorded).
    ///
    /// - Throws: when the manager refuses (a task not the node's) or cannot be reached.
    public func reportStatuses(_ reports: [TaskStatusReport]) async throws -> String? {
        var request = Swarmd_Dispatcher_V1_UpdateTaskStatusRequest()
        request.updates = reports.map { report in
            var update = Swarmd_Dispatcher_V1_TaskStatusUpdate()
            update.taskID = report.taskID
            update.status = Data(report.status)
            return update
        }
        let answer = try await Swarmd_Dispatcher_V1_Dispatcher.Client(wrapping: client).updateTaskStatus(request)
        return answer.leaderAddress.isEmpty ? nil : answer.leaderAddress
    }
}
