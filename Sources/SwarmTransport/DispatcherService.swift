import GRPCCore

/// The dispatcher's calls, for nodes of this swarm (workers and managers) identified by their
/// validated certificate.
struct DispatcherService: Swarmd_Dispatcher_V1_Dispatcher.SimpleServiceProtocol {
    let clusterID: String
    let receiver: any HeartbeatReceiver

    func heartbeat(request: Swarmd_Dispatcher_V1_HeartbeatRequest, context: ServerContext) async throws -> Swarmd_Dispatcher_V1_HeartbeatResponse {
        let peer = try PeerCertificate.authorize(context, clusterID: clusterID, roles: [.worker, .manager], service: "the dispatcher")
        let answer: HeartbeatAnswer
        do {
            answer = try await receiver.heartbeat(from: peer.nodeID ?? "")
        } catch {
            throw RPCError(code: error.reason == .unknownNode ? .notFound : .unavailable, message: error.message)
        }
        var response = Swarmd_Dispatcher_V1_HeartbeatResponse()
        response.periodMilliseconds = UInt64(max(1, answer.period / .milliseconds(1)))
        response.leaderAddress = answer.leaderAddress ?? ""
        response.managerAddresses = answer.managerAddresses
        response.desiredRole = answer.desiredRole.rawValue
        return response
    }
}
