import Foundation
import Logging
import Synchronization
import SwarmTransport

/// When and how a node renews its certificate, as Swarm does: at a random point between 50% and
/// 80% of its lifetime (so nodes that joined together do not all renew at once), and at once
/// when asked (`SIGHUP`, after `docker swarm update --cert-expiry`). A failed renewal is retried
/// every 30 seconds.
struct CertificateRenewal {
    static let earliestFraction = 0.5
    static let latestFraction = 0.8
    static let retryInterval = Duration.seconds(30)
    /// How often the loop looks for a request to renew now.
    static let pollInterval = Duration.seconds(1)

    /// The certificate in use now.
    let current: @Sendable () -> TransportIdentity
    /// Renews it (and puts the new one in use).
    let renew: @Sendable () async throws -> Void
    /// Set when a renewal is asked for now.
    let request: RenewalRequest
    let logger: Logger

    /// When to renew a certificate valid from `notBefore` until `notAfter`.
    static func renewalDate(notBefore: Date, notAfter: Date, using random: inout some RandomNumberGenerator) -> Date {
        let lifetime = notAfter.timeIntervalSince(notBefore)
        return notBefore.addingTimeInterval(lifetime * Double.random(in: earliestFraction...latestFraction, using: &random))
    }

    /// Runs until cancelled.
    func run() async {
        var random = SystemRandomNumberGenerator()
        var due = dueDate(using: &random)
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.pollInterval)
            guard request.take() || Date() >= due, !Task.isCancelled else { continue }
            do {
                try await renew()
                due = dueDate(using: &random)
                logger.notice("the node certificate was renewed", metadata: ["next renewal": "\(due)"])
            } catch {
                logger.warning("renewing the node certificate failed; retrying", metadata: ["error": "\(error)"])
                due = Date().addingTimeInterval(Double(Self.retryInterval.components.seconds))
            }
        }
    }

    private func dueDate(using random: inout some RandomNumberGenerator) -> Date {
        guard let (notBefore, notAfter) = try? current().certificateValidity() else { return Date() }
        return Self.renewalDate(notBefore: notBefore, notAfter: notAfter, using: &random)
    }
}

/// A request to renew the node certificate now (`SIGHUP`), taken by the renewal loop.
final class RenewalRequest: Sendable {
    private let isPending = Mutex(false)

    func ask() {
        isPending.withLock { $0 = true }
    }

    /// Whether a renewal was asked for since the last call.
    func take() -> Bool {
        isPending.withLock { pending in
            defer { pending = false }
            return pending
        }
    }
}
