import CSodium

/// The cost of deriving a key from a passphrase with Argon2id: passes over memory and memory size.
///
/// Stored in every passphrase envelope, so a file stays readable after the defaults change. A
/// reader accepts only costs inside `acceptedOpsLimits` and `acceptedMemoryLimitsKiB`: a damaged
/// or hostile file must not make a restore spend an hour or all RAM before it fails.
public struct Argon2Parameters: Sendable, Equatable {
    /// Passes over memory (libsodium `opslimit`).
    public let opsLimit: UInt32
    /// Memory in KiB (libsodium `memlimit` / 1024).
    public let memoryLimitKiB: UInt32

    /// The smallest and largest pass counts a reader accepts.
    public static let acceptedOpsLimits: ClosedRange<UInt32> = UInt32(crypto_pwhash_opslimit_min())...16
    /// The smallest and largest memory sizes, in KiB, a reader accepts (8 KiB to 2 GiB).
    public static let acceptedMemoryLimitsKiB: ClosedRange<UInt32> =
        UInt32(crypto_pwhash_memlimit_min() / 1024)...(2 * 1024 * 1024)

    /// libsodium's "interactive" cost: 2 passes, 64 MiB.
    public static let interactive = Argon2Parameters(validOpsLimit: 2, memoryLimitKiB: 64 * 1024)
    /// libsodium's "moderate" cost, the default for backups: 3 passes, 256 MiB.
    public static let moderate = Argon2Parameters(validOpsLimit: 3, memoryLimitKiB: 256 * 1024)

    /// The largest cost a reader accepts: the default `costLimit` when opening.
    public static let maximumAccepted = Argon2Parameters(
        validOpsLimit: acceptedOpsLimits.upperBound, memoryLimitKiB: acceptedMemoryLimitsKiB.upperBound
    )

    /// Chooses a cost, for tests and for operators tuning backup restore time.
    ///
    /// - Throws: `EnvelopeError.passphraseParametersOutOfRange` outside the accepted ranges.
    public init(opsLimit: UInt32, memoryLimitKiB: UInt32) throws(EnvelopeError) {
        guard Self.acceptedOpsLimits.contains(opsLimit), Self.acceptedMemoryLimitsKiB.contains(memoryLimitKiB) else {
            throw .passphraseParametersOutOfRange(opsLimit: opsLimit, memoryLimitKiB: memoryLimitKiB)
        }
        self.init(validOpsLimit: opsLimit, memoryLimitKiB: memoryLimitKiB)
    }

    private init(validOpsLimit opsLimit: UInt32, memoryLimitKiB: UInt32) {
        self.opsLimit = opsLimit
        self.memoryLimitKiB = memoryLimitKiB
    }

    /// The accepted ranges in words, for error messages.
    static var acceptedRangeDescription: String {
        "\(acceptedOpsLimits.lowerBound)–\(acceptedOpsLimits.upperBound) passes, "
            + "\(acceptedMemoryLimitsKiB.lowerBound)–\(acceptedMemoryLimitsKiB.upperBound) KiB"
    }
}
