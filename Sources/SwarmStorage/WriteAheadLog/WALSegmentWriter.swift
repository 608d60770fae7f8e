import SwarmFileSystem
import SystemPackage

/// The segment new records go to: appends at the write offset, syncs, and creates the next
/// segment when this one is full. Used only by the group-commit thread (and by recovery before
/// that thread starts).
final class WALSegmentWriter {
    let directory: FilePath
    let segmentByteCount: Int64
    private(set) var header: WALSegmentHeader
    private(set) var path: FilePath
    private(set) var writeOffset: Int64
    private var descriptor: FileDescriptor

    /// Continues writing the existing segment at `path` from `writeOffset`.
    init(continuing header: WALSegmentHeader, at path: FilePath, writeOffset: Int64, directory: FilePath, segmentByteCount: Int64) throws(FileSystemError) {
        self.directory = directory
        self.segmentByteCount = segmentByteCount
        self.header = header
        self.path = path
        self.writeOffset = writeOffset
        self.descriptor = try FileSystemCalls.open(path, .readWrite, options: .noFollow)
        let size = try FileSystemCalls.status(of: descriptor, path: path).size
        if size < segmentByteCount {
            try FileSystemCalls.preallocate(descriptor, byteCount: segmentByteCount, path: path)
            try FileSystemCalls.synchronize(descriptor, path: path)
        }
    }

    /// Creates and syncs a new segment holding its header followed by `leadingRecords`, and
    /// makes its name durable.
    init(creating header: WALSegmentHeader, leadingRecords: [UInt8], directory: FilePath, segmentByteCount: Int64) throws(FileSystemError) {
        let path = directory.appending(header.fileName)
        var bytes: [UInt8] = []
        let encodedHeader = header.encoded()
        _ = encodedHeader.withUnsafeBytes { plaintext in
            WALRecordCodec.appendRecord(
                type: .segmentHeader, index: header.firstIndex, term: 0, plaintext: plaintext, key: nil, to: &bytes
            )
        }
        bytes += leadingRecords
        let descriptor = try FileSystemCalls.createExclusively(path, .readWrite, permissions: [.ownerReadWrite])
        do {
            try FileSystemCalls.preallocate(descriptor, byteCount: segmentByteCount, path: path)
            try bytes.withUnsafeBytes { buffer in
                Result { () throws(FileSystemError) in try FileSystemCalls.writeAll(descriptor, buffer, at: 0, path: path) }
            }.get()
            try FileSystemCalls.synchronize(descriptor, path: path)
            try FileSystemCalls.synchronizeDirectory(directory)
        } catch {
            try? descriptor.close()
            throw error
        }
        self.directory = directory
        self.segmentByteCount = segmentByteCount
        self.header = header
        self.path = path
        self.descriptor = descriptor
        self.writeOffset = Int64(bytes.count)
    }

    deinit {
        try? descriptor.close()
    }

    /// Bytes still free in this segment.
    var remainingByteCount: Int64 { segmentByteCount - writeOffset }

    /// Writes `bytes` at the write offset (not yet durable) and returns where they start.
    func write(_ bytes: UnsafeRawBufferPointer) throws(FileSystemError) -> Int64 {
        let start = writeOffset
        try FileSystemCalls.writeAll(descriptor, bytes, at: start, path: path)
        writeOffset += Int64(bytes.count)
        return start
    }

    /// Makes everything written so far durable.
    func synchronize() throws(FileSystemError) {
        try FileSystemCalls.synchronizeData(descriptor, path: path)
    }

    /// Overwrites `byteCount` bytes from `offset` with zeros and syncs: how recovery erases the
    /// remains of a write cut short, so that they cannot be mistaken for records later.
    func erase(from offset: Int64, byteCount: Int64) throws(FileSystemError) {
        let zeros = [UInt8](repeating: 0, count: WALLimits.readChunkByteCount)
        var position = offset
        while position < offset + byteCount {
            let count = Int(min(Int64(zeros.count), offset + byteCount - position))
            try zeros.withUnsafeBytes { buffer in
                Result { () throws(FileSystemError) in
                    try FileSystemCalls.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: buffer[..<count]), at: position, path: path)
                }
            }.get()
            position += Int64(count)
        }
        try FileSystemCalls.synchronizeData(descriptor, path: path)
    }
}
