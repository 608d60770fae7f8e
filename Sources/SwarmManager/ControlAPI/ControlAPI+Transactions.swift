import SwarmState

extension ControlAPI {
    /// About how many bytes a transaction of a long list of actions holds: large enough that
    /// Raft persists and replicates thousands of tasks at once (and the passes and assignment
    /// streams see few, large commits), a third of a Raft entry's limit so that actions larger
    /// than the first one sized leave room.
    static let transactionByteTarget = 1 << 20
    /// The most actions in one transaction whatever their size.
    static let transactionActionLimit = 8192

    /// `actions` in transactions of about `transactionByteTarget` bytes each, sized by the
    /// encoding of the first action (a list of actions is mostly alike: a service's tasks).
    func transactions(of actions: [StoreAction]) -> [[StoreAction]] {
        guard let first = actions.first else { return [] }
        let sample = StoreTransaction([first]).encoded().count
        let perTransaction = max(1, min(Self.transactionActionLimit, Self.transactionByteTarget / max(1, sample)))
        return stride(from: 0, to: actions.count, by: perTransaction).map { Array(actions[$0..<min(actions.count, $0 + perTransaction)]) }
    }
}
