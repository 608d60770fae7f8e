import SwarmFileSystem
import SystemPackage

/// Reads a segment record by record from the start, checking each record's checksum, and
/// describes where and how the valid records end.
struct WALSegmentScanner {
    /// How the run of valid records from the start of a segment ends.
    struct Stop: Equatable {
        /// Where the first invalid record (or the end of data) starts.
        let offset: Int64
        /// The header bytes at `offset` (up to 32, fewer where the file ends) are all zero: no
        /// record was begun there.
        let isZeroHeader: Bool
        /// The invalid record shows the marks of a write cut short: it runs past the end of the
        /// file, or one of its 16-byte blocks is all zero (no valid record has one: padding is
        /// not zero and sealed bytes are random). A bit flip never leaves such marks.
        let isTorn: Bool
        /// The invalid record's header did not parse or its checksum failed (not a clean end).
        let corruption: WriteAheadLogError.Corruption?
    }

    let path: FilePath
    let descriptor: FileDescriptor
    let fileByteCount: Int64
    private var buffer: [UInt8]
    private var bufferStart: Int64 = 0
    private var bufferCount = 0

    init(path: FilePath, descriptor: FileDescriptor, fileByteCount: Int64) {
        self.path = path
        self.descriptor = descriptor
        self.fileByteCount = fileByteCount
        self.buffer = [UInt8](repeating: 0, count: WALLimits.recordByteLimit + WALLimits.readChunkByteCount)
    }

    /// Calls `visit` with each valid record (header, offset, the record's bytes) in order and
    /// returns where the valid records stop.
    mutating func scan(
        _ visit: (WALRecordHeader, Int64, UnsafeRawBufferPointer) throws(WriteAheadLogError) -> Void
    ) throws(WriteAheadLogError) -> Stop {
        var offset: Int64 = 0
        while true {
            guard offset + Int64(WALRecordHeader.byteCount) <= fileByteCount else {
                return try stop(at: offset, extent: WALRecordHeader.byteCount, corruption: nil)
            }
            try fill(from: offset, count: WALRecordHeader.byteCount)
            let start = Int(offset - bufferStart)
            let header = buffer.withUnsafeBytes { bytes in
                WALRecordHeader(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + WALRecordHeader.byteCount)]))
            }
            guard let header, header.recordByteCount <= WALLimits.recordByteLimit else {
                return try stop(at: offset, extent: WALRecordHeader.byteCount, corruption: .malformedHeader)
            }
            let recordByteCount = header.recordByteCount
            guard offset + Int64(recordByteCount) <= fileByteCount else {
                return try stop(at: offset, extent: recordByteCount, corruption: .checksumMismatch)
            }
            try fill(from: offset, count: recordByteCount)
            // The fill may have moved the window: locate the record again.
            let recordStart = Int(offset - bufferStart)
            let isIntact = buffer.withUnsafeBytes { bytes in
                let record = UnsafeRawBufferPointer(rebasing: bytes[recordStart..<(recordStart + recordByteCount)])
                return Checksum.ofRecord(record) == WALRecordHeader.storedChecksum(record)
            }
            guard isIntact else {
                return try stop(at: offset, extent: recordByteCount, corruption: .checksumMismatch)
            }
            try buffer.withUnsafeBytes { bytes in
                Result { () throws(WriteAheadLogError) in
                    try visit(header, offset, UnsafeRawBufferPointer(rebasing: bytes[recordStart..<(recordStart + recordByteCount)]))
                }
            }.get()
            offset += Int64(recordByteCount)
        }
    }

    /// Whether every byte from `start` up to the end of the file is zero.
    func isZero(from start: Int64) throws(WriteAheadLogError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: WALLimits.readChunkByteCount)
        var offset = max(start, 0)
        while offset < fileByteCount {
            let count = try read(at: offset, into: &chunk)
            if count == 0 { return true }
            if !chunk.withUnsafeBytes({ Self.isZero(UnsafeRawBufferPointer(rebasing: $0[..<count])) }) { return false }
            offset += Int64(count)
        }
        return true
    }

    /// The number of bytes from `start` to the last non-zero byte before `end`.
    func nonZeroExtent(from start: Int64, to end: Int64) throws(WriteAheadLogError) -> Int64 {
        var chunk = [UInt8](repeating: 0, count: WALLimits.readChunkByteCount)
        var offset = start
        var extent: Int64 = 0
        while offset < min(end, fileByteCount) {
            let count = try read(at: offset, into: &chunk)
            if count == 0 { break }
            let limit = Int(min(Int64(count), end - offset))
            if let last = chunk[..<limit].lastIndex(where: { $0 != 0 }) {
                extent = offset + Int64(last) + 1 - start
            }
            offset += Int64(count)
        }
        return extent
    }

    // MARK: - Classification

    private mutating func stop(
        at offset: Int64,
        extent: Int,
        corruption: WriteAheadLogError.Corruption?
    ) throws(WriteAheadLogError) -> Stop {
        let available = Int(max(0, min(Int64(extent), fileByteCount - offset)))
        guard available > 0 else {
            return Stop(offset: offset, isZeroHeader: true, isTorn: false, corruption: nil)
        }
        try fill(from: offset, count: available)
        let start = Int(offset - bufferStart)
        return buffer.withUnsafeBytes { bytes in
            let record = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + available)])
            let headerBytes = UnsafeRawBufferPointer(rebasing: record[..<min(available, WALRecordHeader.byteCount)])
            // Zero header bytes, even fewer than 32 where the file ends: no record was begun here.
            let isZeroHeader = Self.isZero(headerBytes)
            let runsPastEnd = available < extent
            let hasZeroBlock = stride(from: 0, to: available - WALRecordHeader.alignment + 1, by: WALRecordHeader.alignment)
                .contains { Self.isZero(UnsafeRawBufferPointer(rebasing: record[$0..<($0 + WALRecordHeader.alignment)])) }
            return Stop(
                offset: offset, isZeroHeader: isZeroHeader, isTorn: runsPastEnd || hasZeroBlock,
                corruption: isZeroHeader ? nil : corruption
            )
        }
    }

    // MARK: - Reading

    /// Makes bytes `offset ..< offset + count` available in `buffer`.
    private mutating func fill(from offset: Int64, count: Int) throws(WriteAheadLogError) {
        if offset >= bufferStart, offset + Int64(count) <= bufferStart + Int64(bufferCount) { return }
        if offset >= bufferStart, offset < bufferStart + Int64(bufferCount) {
            let keep = Int(offset - bufferStart)
            buffer.withUnsafeMutableBytes { bytes in
                bytes.baseAddress.map { $0.copyMemory(from: $0 + keep, byteCount: bufferCount - keep) }
            }
            bufferCount -= keep
        } else {
            bufferCount = 0
        }
        bufferStart = offset
        let end = min(fileByteCount, bufferStart + Int64(buffer.count))
        while bufferStart + Int64(bufferCount) < end {
            let position = bufferStart + Int64(bufferCount)
            let filled = bufferCount
            let target = Int(end - position)
            let (descriptor, path) = (self.descriptor, self.path)
            let count = try buffer.withUnsafeMutableBytes { bytes in
                Result { () throws(WriteAheadLogError) in
                    try Self.readFile(descriptor, path, at: position, into: UnsafeMutableRawBufferPointer(rebasing: bytes[filled..<(filled + target)]))
                }
            }.get()
            if count == 0 { break }
            bufferCount += count
        }
    }

    private func read(at offset: Int64, into chunk: inout [UInt8]) throws(WriteAheadLogError) -> Int {
        try chunk.withUnsafeMutableBytes { bytes in
            Result { () throws(WriteAheadLogError) in try Self.readFile(descriptor, path, at: offset, into: bytes) }
        }.get()
    }

    private static func readFile(
        _ descriptor: FileDescriptor,
        _ path: FilePath,
        at offset: Int64,
        into bytes: UnsafeMutableRawBufferPointer
    ) throws(WriteAheadLogError) -> Int {
        do {
            return try FileSystemCalls.read(descriptor, at: offset, into: bytes, path: path)
        } catch {
            throw .fileSystem(error)
        }
    }

    /// Whether every byte of `bytes` is zero, eight at a time.
    static func isZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] != 0 { return false }
            index += 1
        }
        return true
    }
}
