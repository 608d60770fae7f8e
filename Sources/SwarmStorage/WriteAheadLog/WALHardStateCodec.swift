import RaftTypes

/// The 24-byte plaintext of a hard-state record: term, vote (0 for none), commit.
enum WALHardStateCodec {
    static func encode(_ state: HardState) -> [UInt8] {
        [state.term.rawValue, state.vote?.rawValue ?? 0, state.commit.rawValue].flatMap(StorageBytes.littleEndian)
    }

    static func decode(_ bytes: [UInt8]) -> HardState? {
        guard bytes.count == 24 else { return nil }
        let values = (0..<3).map { StorageBytes.read(UInt64.self, from: bytes, at: $0 * 8) }
        return HardState(term: Term(values[0]), vote: values[1] == 0 ? nil : RaftMemberID(values[1]), commit: LogIndex(values[2]))
    }
}
