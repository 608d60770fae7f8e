/// How record payloads are protected: sealed with a data key (always, in the appliance), or
/// left in the clear, which only the storage benchmark uses to measure what encryption costs.
public enum WALRecordSealing: Sendable {
    case encrypted
    /// Payloads in plaintext. Never for real data: a log opened this way also accepts unsealed
    /// records, so anyone with write access to the disk could forge entries.
    case plaintextForBenchmarksOnly
}
