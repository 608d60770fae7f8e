import CChecksum
import RaftTypes
import SwarmCrypto

/// Encodes records into a byte buffer (header, sealed payload, padding, checksum) and opens the
/// payload of a record read back.
enum WALRecordCodec {
    /// Why a payload could not be opened.
    enum PayloadFailure: Error, Equatable {
        case unknownKey(DataKeyID)
        case authenticationFailed
        case unsealedRecord
    }

    /// Appends one record to `buffer` and returns its size in bytes. `key` nil writes the payload
    /// in plaintext with key id 0 (segment headers, and the plaintext benchmark mode).
    @discardableResult
    static func appendRecord(
        type: WALRecordType,
        entryKind: UInt8 = 0,
        index: UInt64,
        term: UInt64,
        plaintext: UnsafeRawBufferPointer,
        key: DataKey?,
        to buffer: inout [UInt8]
    ) -> Int {
        let payloadByteCount = key == nil ? plaintext.count : RecordSealer.sealedByteCount(plaintextByteCount: plaintext.count)
        let header = WALRecordHeader(
            payloadByteCount: UInt32(payloadByteCount), type: type, entryKind: entryKind,
            index: index, term: term, keyID: key?.id.rawValue ?? 0
        )
        let recordByteCount = header.recordByteCount
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: recordByteCount))
        buffer.withUnsafeMutableBytes { bytes in
            let record = UnsafeMutableRawBufferPointer(rebasing: bytes[start..<(start + recordByteCount)])
            header.write(into: record)
            let payload = UnsafeMutableRawBufferPointer(
                rebasing: record[WALRecordHeader.byteCount..<(WALRecordHeader.byteCount + payloadByteCount)]
            )
            if let key {
                let associatedData = UnsafeRawBufferPointer(rebasing: record[..<WALRecordHeader.authenticatedByteCount])
                key.recordSealer.seal(plaintext, associatedData: associatedData, into: payload)
            } else if !plaintext.isEmpty {
                payload.copyMemory(from: plaintext)
            }
            // Padding is never zero, so an all-zero 16-byte block can only be a write that
            // never reached the disk (see WALSegmentScanner.Stop.isTorn).
            let paddingStart = WALRecordHeader.byteCount + payloadByteCount
            UnsafeMutableRawBufferPointer(rebasing: record[paddingStart...]).initializeMemory(as: UInt8.self, repeating: WALRecordHeader.paddingByte)
            let checksum = Checksum.ofRecord(UnsafeRawBufferPointer(record))
            record.storeBytes(of: checksum.littleEndian, toByteOffset: WALRecordHeader.authenticatedByteCount, as: UInt32.self)
        }
        return recordByteCount
    }

    /// The plaintext payload of `record` (a whole record whose checksum was verified).
    static func openPayload(
        of record: UnsafeRawBufferPointer,
        header: WALRecordHeader,
        keys: DataKeyRing,
        sealing: WALRecordSealing
    ) throws(PayloadFailure) -> [UInt8] {
        let payload = UnsafeRawBufferPointer(
            rebasing: record[WALRecordHeader.byteCount..<(WALRecordHeader.byteCount + Int(header.payloadByteCount))]
        )
        guard header.keyID != 0 else {
            // Only segment headers, or a benchmark log, are ever written in the clear.
            guard header.type == .segmentHeader || sealing == .plaintextForBenchmarksOnly else {
                throw .unsealedRecord
            }
            return Array(payload)
        }
        let keyID = DataKeyID(rawValue: header.keyID)
        guard let key = keys.key(for: keyID) else { throw .unknownKey(keyID) }
        guard let plaintextByteCount = RecordSealer.openedByteCount(envelopeByteCount: payload.count) else {
            throw .authenticationFailed
        }
        var plaintext = [UInt8](repeating: 0, count: plaintextByteCount)
        let associatedData = UnsafeRawBufferPointer(rebasing: record[..<WALRecordHeader.authenticatedByteCount])
        let opened = plaintext.withUnsafeMutableBytes { output in
            (try? RecordSealer.open(payload, associatedData: associatedData, key: key.key, into: output)) != nil
        }
        guard opened else { throw .authenticationFailed }
        return plaintext
    }
}
