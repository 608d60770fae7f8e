import SwarmFileSystem
import SystemPackage

/// The file the next WAL segment will live in, filled with real zeros by the commit thread
/// while the current segment fills.
///
/// Why zeros rather than `fallocate`: on ext4 a preallocated block stays "unwritten" until its
/// first write, and converting it is a metadata change that the next `fdatasync` must commit to
/// the journal. On the benchmark machine, a 19 KiB batch appended to a preallocated file took
/// ~280 µs per fdatasync, to a zero-filled one ~165 µs (Docs/benchmarks.md).
///
/// Why in 4 MiB steps: after a batch, when the spare is more than a step short of being a batch
/// and a step ahead of the segment's write offset, the commit thread writes one step of zeros and
/// starts its writeback without waiting. The sync after it waits behind those megabytes (~8 ms
/// here), but that is one batch in ~200 at full load. Spreading the zeros over every batch
/// instead (a few KiB each) cost 40–60 µs of the commit thread per batch and ~20 % of the
/// throughput at 64 appenders; 1 MiB steps hit 2 % of the batches and so the p99. The spare is
/// complete before a batch can cross the segment's end, unless the log was reopened far into its
/// segment (the zeros may then not catch up in time, and the next segment is made the old way).
///
/// A spare left by an earlier run is deleted on open, never reused: a crash between writing a
/// new segment's header into it and renaming it leaves records in it, which would outlive the
/// shorter records of a later segment made from it.
final class WALSpareSegment {
    static let fileName = "next-segment.spare"
    /// Zeros are written in steps of this size, at most one per batch.
    private static let stepByteCount: Int64 = 4 << 20
    /// How far the fill stays ahead of the segment's write offset: a whole batch and a step.
    private static let lead = Int64(WALLimits.batchByteLimit) + stepByteCount
    /// The size of each `pwrite` of zeros.
    private static let chunkByteCount: Int64 = 64 * 1024

    let path: FilePath
    let segmentByteCount: Int64
    private var descriptor: FileDescriptor?
    private var filledByteCount: Int64 = 0
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

    /// Writes one more step of zeros if the spare has fallen a step behind its lead.
    func keepAhead(of writeOffset: Int64) {
        let target = min(segmentByteCount, writeOffset + Self.lead)
        let deficit = target - filledByteCount
        guard !isDisabled, deficit >= Self.stepByteCount || (target == segmentByteCount && deficit > 0) else { return }
        do {
            try fill(upTo: filledByteCount + min(deficit, Self.stepByteCount), waitForDisk: false)
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
