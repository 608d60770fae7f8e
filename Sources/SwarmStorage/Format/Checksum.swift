import CChecksum

/// CRC-32C of storage records (hardware-accelerated where the CPU allows).
enum Checksum {
    /// The CRC-32C of the record at the start of `record` (header bytes 0..<28, then everything
    /// after the header); `record` spans exactly the padded record.
    static func ofRecord(_ record: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = record.baseAddress else { return 0 }
        let headerChecksum = swarm_crc32c(0, base, WALRecordHeader.authenticatedByteCount)
        return swarm_crc32c(headerChecksum, base + WALRecordHeader.byteCount, record.count - WALRecordHeader.byteCount)
    }
}

extension Checksum {
    /// The CRC-32C of all of `bytes` (key store and snapshot headers).
    static func of(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { swarm_crc32c(0, $0.baseAddress, $0.count) }
    }
}
