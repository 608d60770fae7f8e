public import SwarmStorage
import RaftCore
import RaftTypes

/// Rebuilds a member's state from storage read in place, without running Raft: the latest
/// snapshot, then every committed entry after it (up to the hard state's commit index; entries
/// after it are left out, as force-new-cluster does in Swarm). For a cold backup of a stopped
/// node and for rebuilding a survivor's storage as a one-manager group.
public enum RaftStateReplay {
    /// Entries read from disk per batch: bounds memory whatever the log's length.
    private static let batchEntryCount: UInt64 = 1024

    /// Loads `storage`'s committed state into `stateMachine` (which must be fresh) and returns
    /// it frozen at the last committed index.
    ///
    /// - Throws: `.storage` when a file cannot be read or authenticated, `.badSnapshot` when
    ///   the snapshot or log do not make a state (entries missing, nothing committed),
    ///   `.unreadableEntry` for an entry no swarmd node wrote.
    public static func replay(_ storage: ReadOnlyRaftStorage, into stateMachine: any RaftStateMachine) throws(RaftNodeError) -> RaftStateCapture {
        var index = LogIndex.zero, term = Term.zero, membership = RaftMembership(voters: [])
        let snapshot: SnapshotMetadata?
        do {
            snapshot = try storage.latestSnapshot()
        } catch {
            throw .storage(error)
        }
        if let snapshot {
            let contents: [UInt8]
            do {
                contents = try storage.contents(of: snapshot)
            } catch {
                throw .storage(error)
            }
            let image = try SnapshotImage(decoding: contents)
            try stateMachine.restore(from: image, snapshotIndex: snapshot.index)
            (index, term, membership) = (snapshot.index, snapshot.term, image.membership)
        }
        let commit = storage.hardState.commit
        if commit > index {
            guard storage.firstIndex <= index.next, commit <= storage.lastIndex else {
                throw .badSnapshot(
                    "the log holds entries \(storage.firstIndex)...\(storage.lastIndex) but the state needs \(index.next)...\(commit): entries are missing"
                )
            }
            while index < commit {
                let end = LogIndex(min(commit.rawValue, index.rawValue + batchEntryCount))
                let entries: [LogEntry]
                do {
                    entries = try storage.entries(in: index.next..<end.next)
                } catch {
                    throw .storage(error)
                }
                for entry in entries {
                    switch entry.kind {
                    case .configurationChange:
                        guard let change = RaftMembershipChange(encoded: entry.data) else { throw .unreadableEntry(entry.index) }
                        membership = membership.applying(change)
                    case .normal:
                        _ = try stateMachine.applyProposal(in: entry)
                    }
                    (index, term) = (entry.index, entry.term)
                }
            }
        }
        guard index > .zero, !membership.voters.isEmpty else {
            throw .badSnapshot("the storage in \(storage.directory) holds no committed state: this node never finished joining a swarm")
        }
        return RaftStateCapture(index: index, term: term, membership: membership, state: stateMachine.freeze())
    }
}
