public import Foundation
public import SwarmCrypto
public import SwarmState

/// The operations an operator drives (Docker's `/swarm`, `/nodes`, `/secrets`, `/configs`):
/// each validates its input, reads the local store and writes through Raft. Reads see this
/// manager's applied state, as Docker Swarm's do.
public struct ControlAPI: Sendable {
    let store: SwarmStore
    let proposer: any Proposer
    let secretsKey: SecretKey
    let now: @Sendable () -> Date

    public init(store: SwarmStore, proposer: any Proposer, secretsKey: SecretKey, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.proposer = proposer
        self.secretsKey = secretsKey
        self.now = now
    }

    /// Commits `actions` as one transaction.
    @discardableResult
    func write(_ actions: [StoreAction]) async throws(ControlError) -> ObjectVersion {
        do {
            return try await store.write(actions, through: proposer)
        } catch {
            throw ControlError(error)
        }
    }

    /// The object of `table` that `reference` names (ID, name or unique ID prefix).
    func resolve<Object: StoreObject>(_ reference: String, in table: Table<Object>) throws(ControlError) -> Object {
        switch table.resolve(reference) {
        case .found(let object): return object
        case .notFound: throw .notFound(Object.kind, reference)
        case .ambiguous: throw .ambiguous(Object.kind, reference)
        }
    }

    /// Meta for an object created now.
    func newMeta() -> ObjectMeta {
        ObjectMeta(createdAt: now())
    }
}
