import Foundation
import GRPCCore

/// The dispatcher's calls, for nodes of this swarm (workers and managers) identified by their
/// validated certificate: a session of heartbeats, each answered; the node's assignments; its
/// task statuses.
struct DispatcherService: Swarmd_Dispatcher_V1_Dispatcher.SimpleServiceProtocol {
    let clusterID: String
    let receiver: any HeartbeatReceiver
    let tasks: any TaskDispatch
    let shutdown: ShutdownSignal

    func session(
        request: RPCAsyncSequence<Swarmd_Dispatcher_V1_HeartbeatRequest, any Error>,
        response: RPCWriter<Swarmd_Dispatcher_V1_HeartbeatResponse>,
        context: ServerContext
    ) async throws {
        let peer = try PeerCertificate.authorize(context, clusterID: clusterID, roles: [.worker, .manager], service: "the dispatcher")
        let receiver = receiver
        try await shutdown.endingAtShutdown {
            try await Self.answer(request, with: response, from: receiver, nodeID: peer.nodeID ?? "")
        }
    }

    /// Answers each heartbeat on the session's stream; returns after redirecting the node to the
    /// leader.
    private static func answer(
        _ request: RPCAsyncSequence<Swarmd_Dispatcher_V1_HeartbeatRequest, any Error>,
        with response: RPCWriter<Swarmd_Dispatcher_V1_HeartbeatResponse>,
        from receiver: any HeartbeatReceiver,
        nodeID: String
    ) async throws {
        for try await _ in request {
            let answer: HeartbeatAnswer
            do {
                answer = try await receiver.heartbeat(from: nodeID)
            } catch {
                throw error.rpcError
            }
            var message = Swarmd_Dispatcher_V1_HeartbeatResponse()
            message.periodMilliseconds = UInt64(max(1, answer.period / .milliseconds(1)))
            message.leaderAddress = answer.leaderAddress ?? ""
            message.managerAddresses = answer.managerAddresses
            message.desiredRole = answer.desiredRole.rawValue
            try await response.write(message)
            if answer.leaderAddress != nil { return }
        }
    }

    func assignments(
        request: Swarmd_Dispatcher_V1_AssignmentsRequest,
        response: RPCWriter<Swarmd_Dispatcher_V1_AssignmentsMessage>,
        context: ServerContext
    ) async throws {
        let peer = try PeerCertificate.authorize(context, clusterID: clusterID, roles: [.worker, .manager], service: "the dispatcher")
        let subscription: AssignmentSubscription
        do {
            subscription = try await tasks.assignments(for: peer.nodeID ?? "")
        } catch {
            throw error.rpcError
        }
        switch subscription {
        case .redirect(let leaderAddress):
            var message = Swarmd_Dispatcher_V1_AssignmentsMessage()
            message.leaderAddress = leaderAddress
            try await response.write(message)
        case .stream(let batches):
            try await shutdown.endingAtShutdown {
                for await batch in batches {
                    var message = Swarmd_Dispatcher_V1_AssignmentsMessage()
                    message.kind = batch.isComplete ? .complete : .incremental
                    message.updatedTasks = batch.updatedTasks.map { Data($0) }
                    message.removedTaskIds = batch.removedTaskIDs
                    try await response.write(message)
                }
            }
        }
    }

    func updateTaskStatus(
        request: Swarmd_Dispatcher_V1_UpdateTaskStatusRequest, context: ServerContext
    ) async throws -> Swarmd_Dispatcher_V1_UpdateTaskStatusResponse {
        let peer = try PeerCertificate.authorize(context, clusterID: clusterID, roles: [.worker, .manager], service: "the dispatcher")
        let reports = request.updates.map { TaskStatusReport(taskID: $0.taskID, status: Array($0.status)) }
        var answer = Swarmd_Dispatcher_V1_UpdateTaskStatusResponse()
        do {
            answer.leaderAddress = try await tasks.reportStatuses(reports, from: peer.nodeID ?? "") ?? ""
        } catch {
            throw error.rpcError
        }
        return answer
    }
}
