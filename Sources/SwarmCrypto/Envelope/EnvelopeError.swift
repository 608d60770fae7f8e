/// Why an envelope (`AEAD`, `SealedBox` or `PassphraseEncryption`) could not be opened, or a
/// passphrase envelope could not be sealed.
///
/// None of these ever yields partial or unauthenticated plaintext. Callers that know which file
/// or record they were opening wrap this error with that context.
public enum EnvelopeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes than the smallest valid envelope of this kind: cut short in storage or transit.
    case truncated(byteCount: Int, minimumByteCount: Int)
    /// The first byte names an envelope format this build does not know.
    case unsupportedFormatVersion(UInt8)
    /// The envelope was sealed with a different construction than the caller expects.
    case unexpectedAlgorithm(found: UInt8, expected: EnvelopeAlgorithm)
    /// Authentication failed: wrong key or passphrase, modified bytes, or other associated data.
    case authenticationFailed
    /// A passphrase envelope asks for Argon2id costs outside what this build accepts.
    case passphraseParametersOutOfRange(opsLimit: UInt32, memoryLimitKiB: UInt32)
    /// A passphrase envelope asks for a higher Argon2id cost than the caller allows.
    case passphraseCostAboveLimit(stored: Argon2Parameters, limit: Argon2Parameters)
    /// Argon2id could not allocate its memory.
    case keyDerivationFailed(memoryLimitKiB: UInt32)

    public var description: String {
        switch self {
        case .truncated(let byteCount, let minimumByteCount):
            "the encrypted data is \(byteCount) bytes, shorter than the \(minimumByteCount) bytes "
                + "of the smallest valid envelope: it was cut short; restore it from a backup"
        case .unsupportedFormatVersion(let version):
            "the encrypted data uses envelope format \(version), but this swarmd reads only format "
                + "\(EnvelopeHeader.formatVersion): it was written by a newer swarmd or is damaged"
        case .unexpectedAlgorithm(let found, let expected):
            "the encrypted data was sealed with algorithm \(found), not \(expected) as expected "
                + "here: it is a different kind of file or is damaged"
        case .authenticationFailed:
            "the encrypted data failed authentication: the key or passphrase is wrong, or the "
                + "data was modified; nothing was decrypted"
        case .passphraseParametersOutOfRange(let opsLimit, let memoryLimitKiB):
            "the passphrase envelope asks for Argon2id with \(opsLimit) passes and "
                + "\(memoryLimitKiB) KiB of memory, outside the accepted range "
                + "(\(Argon2Parameters.acceptedRangeDescription)): the file is damaged or was "
                + "not written by swarmd"
        case .passphraseCostAboveLimit(let stored, let limit):
            "the passphrase envelope asks for Argon2id with \(stored.opsLimit) passes and "
                + "\(stored.memoryLimitKiB) KiB, more than the \(limit.opsLimit) passes and "
                + "\(limit.memoryLimitKiB) KiB allowed here: raise the limit if you trust this file"
        case .keyDerivationFailed(let memoryLimitKiB):
            "deriving the key from the passphrase needs \(memoryLimitKiB) KiB of memory, which "
                + "could not be allocated; free memory or raise the process's memory limit and retry"
        }
    }
}
