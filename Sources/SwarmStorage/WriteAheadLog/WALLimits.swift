/// Sizes that bound the WAL's memory and its recovery rules.
enum WALLimits {
    /// Largest record (header, sealed payload, padding). Larger entries are refused.
    static let recordByteLimit = 4 * 1024 * 1024
    /// Largest batch written with one write and made durable with one fdatasync. A single
    /// record may exceed it up to `recordByteLimit`.
    static let batchByteLimit = 4 * 1024 * 1024
    /// How far past the last valid record a write cut short can have left bytes: recovery
    /// treats non-zero bytes beyond it as corruption, not as a torn tail.
    static let tornWriteWindowByteCount = Int64(max(recordByteLimit, batchByteLimit))
    /// Bytes read at a time when scanning.
    static let readChunkByteCount = 1024 * 1024
    /// Largest entry payload: what fits in a record after header, envelope and padding.
    static let entryDataByteLimit = recordByteLimit - WALRecordHeader.byteCount - 64
}
