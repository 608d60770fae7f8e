public import DockerAPI
public import SwarmManager
public import SwarmTransport

/// `docker service logs`: this manager subscribes at the leader's log broker (its own, when it
/// leads) with its own certificate, following one redirect, and passes the events on.
extension SwarmNode {
    /// How many managers a subscription tries: this one, then the leader it names.
    static let logSubscriptionHops = 2

    public func logs(_ selector: LogSelector, options: LogOptions) async throws(ControlError) -> AsyncThrowingStream<LogEvent, any Error> {
        _ = try await control()
        guard case .manager(let runtime, _) = phase else { throw ControlError(.unavailable, "this node is not a manager now; ask a manager") }
        let identity = runtime.transport.currentIdentity
        let this = runtime.transport.localDialAddress
        return AsyncThrowingStream { continuation in
            let subscribing = Task {
                var address = this
                do {
                    for _ in 0..<Self.logSubscriptionHops {
                        let client = try DispatcherClient(manager: address, identity: identity)
                        defer { client.abandon() }
                        let redirect = try await client.subscribeLogs(selector, options: options) { continuation.yield($0) }
                        guard let redirect, let leader = TransportAddress(redirect) else { return continuation.finish() }
                        address = leader
                    }
                    continuation.finish(throwing: ControlError(.unavailable, "the leader moved while subscribing to the logs; try again"))
                } catch {
                    continuation.finish(throwing: ControlError(.unavailable, "the logs could not be fetched from the leader: \(error)"))
                }
            }
            continuation.onTermination = { _ in subscribing.cancel() }
        }
    }
}
