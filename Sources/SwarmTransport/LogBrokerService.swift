import GRPCCore

/// The log broker's calls: subscriptions from managers (manager certificates only), and the
/// subscriptions and lines of nodes' agents, identified by their validated certificate.
struct LogBrokerService: Swarmd_Logs_V1_LogBroker.SimpleServiceProtocol {
    let clusterID: String
    let broker: any LogBrokering
    let shutdown: ShutdownSignal

    func subscribeLogs(
        request: Swarmd_Logs_V1_SubscribeLogsRequest, response: RPCWriter<Swarmd_Logs_V1_SubscribeLogsMessage>, context: ServerContext
    ) async throws {
        _ = try PeerCertificate.authorize(context, clusterID: clusterID, roles: [.manager], service: "the log broker's subscriptions")
        let feed: LogFeed
        do {
            feed = try await broker.subscribe(LogSelector(request.selector), options: LogOptions(request.options))
        } catch {
            throw error.rpcError
        }
        switch feed {
        case .redirect(let leaderAddress):
            var message = Swarmd_Logs_V1_SubscribeLogsMessage()
            message.leaderAddress = leaderAddress
            try await response.write(message)
        case .stream(let events):
            try await shutdown.endingAtShutdown {
                for await event in events {
                    var message = Swarmd_Logs_V1_SubscribeLogsMessage()
                    switch event {
                    case .lines(let lines): message.lines = lines.map(\.message)
                    case .warning(let warning): message.warnings = [warning]
                    }
                    try await response.write(message)
                }
            }
        }
    }

    func listenSubscriptions(
        request: Swarmd_Logs_V1_ListenSubscriptionsRequest, response: RPCWriter<Swarmd_Logs_V1_LogSubscription>, context: ServerContext
    ) async throws {
        let peer = try PeerCertificate.authorize(context, clusterID: clusterID, roles: [.worker, .manager], service: "the log broker")
        guard let subscriptions = await broker.listen(nodeID: peer.nodeID ?? "") else { return }
        try await shutdown.endingAtShutdown {
            for await subscription in subscriptions { try await response.write(subscription.message) }
        }
    }

    func publishLogs(
        request: RPCAsyncSequence<Swarmd_Logs_V1_PublishLogsMessage, any Error>, context: ServerContext
    ) async throws -> Swarmd_Logs_V1_PublishLogsResponse {
        let peer = try PeerCertificate.authorize(context, clusterID: clusterID, roles: [.worker, .manager], service: "the log broker")
        for try await message in request {
            let wanted = await broker.publish(
                message.lines.map(LogLine.init), subscriptionID: message.subscriptionID, from: peer.nodeID ?? "", closing: message.close
            )
            if !wanted || message.close { break }
        }
        return Swarmd_Logs_V1_PublishLogsResponse()
    }
}
