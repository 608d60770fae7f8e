/// Counters of the log's group commit since it was opened.
public struct WALStatistics: Sendable, Equatable {
    /// Calls (appends, truncations, compactions) made durable.
    public var appendsCommitted = 0
    /// Batches written and synced: each is one write and one fdatasync (two when a batch fills
    /// a segment). Fewer batches than appends means appends shared their syncs.
    public var batchesCommitted = 0
}
