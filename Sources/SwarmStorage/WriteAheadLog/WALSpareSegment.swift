import SwarmFileSystem
import SystemPackage

/// The file the next WAL segment will live in, filled with real zeros while the current segment
/// fills, by the commit thread, in step with it.
///
/// Why zeros rather than `fallocate`: on ext4 a preallocated block stays "unwritten" until its
/// first write, and converting it is a metadata change that the next `fdatasync` must commit to
/// the journal. On the benchmark machine, a 19 KiB batch appended to a preallocated file took
/// ~280 µs per fdatasync, to a zero-filled one ~165 µs (Docs/benchmarks.md).
///
/// Why in step: writing a segment's worth of zeros at once would queue megabytes in front of the
/// log's own syncs. Instead, after each batch the commit thread writes some zeros and starts their
/// writeback without waiting, while the appenders are busy and the disk idle: at most twice what
/// the log itself wrote since the last batch, plus 64 KiB, until the spare is a whole batch
/// (4 MiB) and a chunk ahead of the segment's write offset. So the spare is complete before a
/// batch can cross the segment's end, unless the log was reopened far into its segment (the
/// zeros then cannot catch up in time, and the next segment is made the old way).
///
/// A spare left by an earlier run is deleted on open, never reused: a crash between writing a
/// new segment's header into it and renaming it leaves records in it, which would outlive the
/// shorter records of a later segment made from it.
final class WALSpareSegment {
    static let fileName = "next-segment.spare"
    private static let chunkByteCount: Int64 = 64 * 1024
    /// How far the fill stays ahead of the segment's write offset: a whole batch and a chunk.
    private static let lead = Int64(WALLimits.batchByteLimit) + chunkByteCount
    private static let pageByteCount: Int64 = 4096

    let path: FilePath
    let segmentByteCount: Int64
    private var descriptor: FileDescriptor?
    private var filledByteCount: Int64 = 0
    /// The segment's write offset at the previous `keepAhead`.
    private var lastWriteOffset: Int64?
    /// Set after a failed write while the log runs: it then creates segments with `fallocate`,
    /// as without a spare. A spare is an optimisation; failing to fill one must not stop appends.
    /// (At open, failing to delete an old spare or to fill a new log's first one is an I/O error
    /// of the log's directory and fails the open.)
    private var isDisabled = false

    /// Starts a new spare, deleting one left by an earlier run.
    init(directory: FilePath, segmentByteCount: Int64) throws(FileSystemError) {
        self.path = directory.appending(Self.fileName)
        self.segmentByteCount = segmentByteCount
        if FileSystemCalls.exists(path) { try FileSystemCalls.removeFile(path) }
    }

    deinit {
        try? descriptor?.close()
    }

    /// Fills the spare a step further, in proportion to what the log wrote since the last call.
    func keepAhead(of writeOffset: Int64) {
        // Zero right after a new segment started (its write offset is back near the start).
        let progress = max(0, writeOffset - (lastWriteOffset ?? writeOffset))
        lastWriteOffset = writeOffset
        let target = min(segmentByteCount, writeOffset + Self.lead)
        var end = min(target, filledByteCount + 2 * progress + Self.chunkByteCount)
        if end < segmentByteCount { end = end / Self.pageByteCount * Self.pageByteCount }
        guard !isDisabled, filledByteCount < end else { return }
        do {
            try fill(upTo: end, waitForDisk: false)
        } catch {
            disable()
        }
    }

    /// Fills the whole spare and syncs it (when a log is created: its first segment).
    func fillCompletely() throws(FileSystemError) {
        try fill(upTo: segmentByteCount, waitForDisk: true)
    }

    /// Hands over a complete spare for the next segment (the caller renames it); nil when it is
    /// not complete yet, and the caller creates the segment itself. The next spare starts empty.
    func take() -> FilePath? {
        guard !isDisabled, filledByteCount >= segmentByteCount else { return nil }
        try? descriptor?.close()
        descriptor = nil
        filledByteCount = 0
        return path
    }

    private func fill(upTo target: Int64, waitForDisk: Bool) throws(FileSystemError) {
        let descriptor = try openDescriptor()
        let zeros = [UInt8](repeating: 0, count: Int(Self.chunkByteCount))
        let start = filledByteCount
        while filledByteCount < target {
            let count = Int(min(Self.chunkByteCount, target - filledByteCount))
            try zeros.withUnsafeBytes { buffer in
                Result { () throws(FileSystemError) in
                    try FileSystemCalls.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: buffer[..<count]), at: filledByteCount, path: path)
                }
            }.get()
            filledByteCount += Int64(count)
        }
        if waitForDisk {
            try FileSystemCalls.synchronize(descriptor, path: path)
        } else {
            try FileSystemCalls.startWriteback(descriptor, offset: start, byteCount: filledByteCount - start, path: path)
        }
    }

    private func openDescriptor() throws(FileSystemError) -> FileDescriptor {
        if let descriptor { return descriptor }
        let opened = try FileSystemCalls.open(path, .writeOnly, options: [.create, .noFollow], permissions: [.ownerReadWrite])
        descriptor = opened
        return opened
    }

    private func disable() {
        isDisabled = true
        try? descriptor?.close()
        descriptor = nil
        try? FileSystemCalls.removeFile(path)
    }
}
