public import RaftTypes

/// What a member needs done, in this order: install `snapshot` (store it, load the state
/// machine from it, drop the log it covers), persist `entries` and then `hardState`, in one
/// durable write (entries may replace stored ones from their first index on; a crash may keep
/// a prefix of the write, never the hard state without the entries before it), then send
/// `messages`, then apply `committedEntries` and serve `readStates`; then hand the same value
/// to `Raft.advance`.
public struct RaftReady: Sendable {
    /// A snapshot received from the leader, to install before anything else.
    public var snapshot: RaftSnapshotMetadata?
    /// The hard state to persist, if it changed.
    public var hardState: HardState?
    /// Entries to persist; the first may replace a stored entry at its index and everything after.
    public var entries: [LogEntry]
    /// Messages to send once the above is durable.
    public var messages: [RaftMessage]
    /// Committed entries to apply to the state machine, in order. Entries with empty data of
    /// kind `normal` are a new leader's no-op and change nothing.
    public var committedEntries: [LogEntry]
    /// Reads confirmed since the last `ready()`: serve each once applied through its index.
    public var readStates: [RaftReadState]

    public var isEmpty: Bool {
        snapshot == nil && hardState == nil && entries.isEmpty && messages.isEmpty && committedEntries.isEmpty && readStates.isEmpty
    }
}
