import Foundation
import GRPCCore

extension DispatcherClient {
    /// Follows the subscriptions the manager hands this node, passing each to `onSubscription`
    /// in order, until the manager ends the stream (it does not lead, stopped leading or is
    /// stopping).
    ///
    /// - Throws: when the manager refuses or cannot be reached.
    public func listenSubscriptions(onSubscription: @escaping @Sendable (LogSubscription) async -> Void) async throws {
        try await Swarmd_Logs_V1_LogBroker.Client(wrapping: client).listenSubscriptions(Swarmd_Logs_V1_ListenSubscriptionsRequest()) { response in
            for try await message in response.messages { await onSubscription(LogSubscription(message)) }
        }
    }

    /// Publishes `batches` for subscription `subscriptionID`; once they end, tells the manager
    /// the node has published everything (`closing`). Returns when done, or as soon as the
    /// manager wants no more.
    ///
    /// - Throws: when the manager cannot be reached.
    public func publishLogs(subscriptionID: String, batches: AsyncStream<[LogLine]>, closing: Bool) async throws {
        _ = try await Swarmd_Logs_V1_LogBroker.Client(wrapping: client).publishLogs { writer in
            for await lines in batches {
                var message = Swarmd_Logs_V1_PublishLogsMessage()
                message.subscriptionID = subscriptionID
                message.lines = lines.map(\.message)
                try await writer.write(message)
            }
            guard closing else { return }
            var last = Swarmd_Logs_V1_PublishLogsMessage()
            last.subscriptionID = subscriptionID
            last.close = true
            try await writer.write(last)
        }
    }

    /// Subscribes to the logs `selector` names, passing each event to `onEvent` in order until
    /// the stream ends (every node published all it has, without following) or the caller is
    /// cancelled.
    ///
    /// - Returns: the leader's address when this manager does not lead (subscribe there), else nil.
    /// - Throws: when the manager refuses (not a manager's certificate, no leader) or cannot be
    ///   reached.
    public func subscribeLogs(
        _ selector: LogSelector, options: LogOptions, onEvent: @escaping @Sendable (LogEvent) async -> Void
    ) async throws -> String? {
        var request = Swarmd_Logs_V1_SubscribeLogsRequest()
        request.selector = selector.message
        request.options = options.message
        return try await Swarmd_Logs_V1_LogBroker.Client(wrapping: client).subscribeLogs(request) { response in
            for try await message in response.messages {
                if !message.leaderAddress.isEmpty { return message.leaderAddress }
                for warning in message.warnings { await onEvent(.warning(warning)) }
                if !message.lines.isEmpty { await onEvent(.lines(message.lines.map(LogLine.init))) }
            }
            return nil
        }
    }
}
