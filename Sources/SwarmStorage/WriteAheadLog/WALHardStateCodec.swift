import RaftTypes

/// The 24-byte plaintext of a hard-state record: term, vote (0 for none), commit.
enum WALHardStateCodec {
    static func encode(_ state: HardState) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        for value in [state.term.rawValue, state.vote?.rawValue ?? 0, state.commit.rawValue] {
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8]) -> HardState? {
        guard bytes.count == 24 else { return nil }
        let values = bytes.withUnsafeBytes { raw in
            (0..<3).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
        return HardState(term: Term(values[0]), vote: values[1] == 0 ? nil : RaftMemberID(values[1]), commit: LogIndex(values[2]))
    }
}
