import RaftTypes
import SystemPackage

/// What a record read from disk does to the log, with its payload authenticated where it
/// matters at open (hard state and markers; entries are authenticated when read).
enum WALRecordEffects {
    static func effect(
        of header: WALRecordHeader,
        record: UnsafeRawBufferPointer,
        keys: DataKeyRing,
        sealing: WALRecordSealing,
        segment: FilePath,
        offset: Int64
    ) throws(WriteAheadLogError) -> WALRecordEffect {
        switch header.type {
        case .entry:
            return .entry(index: LogIndex(header.index), term: Term(header.term))
        case .hardState:
            let payload = try openPayload(header, record, keys: keys, sealing: sealing, segment: segment, offset: offset)
            guard let state = WALHardStateCodec.decode(payload) else {
                throw .corruptRecord(segment: segment, offset: offset, lastGoodIndex: .zero, corruption: .malformedHeader)
            }
            return .hardState(state)
        case .truncation:
            _ = try openPayload(header, record, keys: keys, sealing: sealing, segment: segment, offset: offset)
            return .truncation(from: LogIndex(header.index))
        case .compaction:
            _ = try openPayload(header, record, keys: keys, sealing: sealing, segment: segment, offset: offset)
            return .compaction(through: LogIndex(header.index), term: Term(header.term))
        case .segmentHeader:
            throw .corruptRecord(segment: segment, offset: offset, lastGoodIndex: .zero, corruption: .malformedHeader)
        }
    }

    /// The authenticated plaintext of a record's payload.
    static func openPayload(
        _ header: WALRecordHeader,
        _ record: UnsafeRawBufferPointer,
        keys: DataKeyRing,
        sealing: WALRecordSealing,
        segment: FilePath,
        offset: Int64
    ) throws(WriteAheadLogError) -> [UInt8] {
        do {
            return try WALRecordCodec.openPayload(of: record, header: header, keys: keys, sealing: sealing)
        } catch .unknownKey(let keyID) {
            throw .unknownKey(segment: segment, offset: offset, keyID: keyID)
        } catch {
            throw .authenticationFailed(segment: segment, offset: offset, index: LogIndex(header.index))
        }
    }
}
