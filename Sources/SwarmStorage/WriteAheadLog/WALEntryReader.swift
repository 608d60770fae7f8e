import RaftTypes
import SwarmFileSystem
import SystemPackage

/// Reads entry records at known locations, opening each segment once per read call. Segments
/// are opened per call rather than cached so that compaction can delete them at any time.
struct WALEntryReader {
    let paths: [UInt32: FilePath]
    let keys: DataKeyRing
    let sealing: WALRecordSealing
    private var descriptors: [UInt32: FileDescriptor] = [:]
    private var buffer: [UInt8] = []

    init(paths: [UInt32: FilePath], keys: DataKeyRing, sealing: WALRecordSealing) {
        self.paths = paths
        self.keys = keys
        self.sealing = sealing
    }

    mutating func close() {
        for descriptor in descriptors.values { try? descriptor.close() }
        descriptors.removeAll()
    }

    /// The entry at `index`, whose record `location` points to, checked and authenticated.
    mutating func entry(at index: LogIndex, location: WALEntryLocation) throws(WriteAheadLogError) -> LogEntry {
        guard let path = paths[location.segmentSequence] else {
            throw .unavailable(range: index..<index.next, firstIndex: index, lastIndex: index)
        }
        let descriptor = try descriptor(for: location.segmentSequence, path: path)
        let offset = Int64(location.offset)
        let byteCount = Int(location.recordByteCount)
        if buffer.count < byteCount { buffer = [UInt8](repeating: 0, count: byteCount) }
        let read = try buffer.withUnsafeMutableBytes { bytes in
            Result { () throws(WriteAheadLogError) in
                try fileSystem(FileSystemCalls.read(descriptor, at: offset, into: UnsafeMutableRawBufferPointer(rebasing: bytes[..<byteCount]), path: path))
            }
        }.get()
        let corrupt = WriteAheadLogError.corruptRecord(segment: path, offset: offset, lastGoodIndex: index.previous, corruption: .checksumMismatch)
        guard read == byteCount else { throw corrupt }
        let decoded = buffer.withUnsafeBytes { bytes in
            Result { () throws(WriteAheadLogError) -> LogEntry in
                let record = UnsafeRawBufferPointer(rebasing: bytes[..<byteCount])
                guard Checksum.ofRecord(record) == WALRecordHeader.storedChecksum(record),
                    let header = WALRecordHeader(record), header.type == .entry, header.index == index.rawValue,
                    let kind = LogEntry.Kind(rawValue: header.entryKind)
                else { throw corrupt }
                let data = try WALRecordEffects.openPayload(header, record, keys: keys, sealing: sealing, segment: path, offset: offset)
                return LogEntry(index: index, term: Term(header.term), kind: kind, data: data)
            }
        }
        return try decoded.get()
    }

    private mutating func descriptor(for sequence: UInt32, path: FilePath) throws(WriteAheadLogError) -> FileDescriptor {
        if let descriptor = descriptors[sequence] { return descriptor }
        let descriptor = try fileSystem(FileSystemCalls.open(path, .readOnly, options: .noFollow))
        descriptors[sequence] = descriptor
        return descriptor
    }
}

extension WALEntryReader {
    /// The segment files by the sequence number entry locations name.
    static func paths(of segments: [WALSegmentInfo]) -> [UInt32: FilePath] {
        Dictionary(uniqueKeysWithValues: segments.map { (UInt32(truncatingIfNeeded: $0.sequence), $0.path) })
    }

    /// The entries from `first` on, one per location in `locations` (in order), read and
    /// authenticated: what the log and its read-only view both return for a range.
    static func entries(
        from first: LogIndex, at locations: [WALEntryLocation], paths: [UInt32: FilePath], keys: DataKeyRing, sealing: WALRecordSealing
    ) throws(WriteAheadLogError) -> [LogEntry] {
        var reader = WALEntryReader(paths: paths, keys: keys, sealing: sealing)
        defer { reader.close() }
        return try zip(first.rawValue..., locations).map { (index, location) throws(WriteAheadLogError) in
            try reader.entry(at: LogIndex(index), location: location)
        }
    }
}
