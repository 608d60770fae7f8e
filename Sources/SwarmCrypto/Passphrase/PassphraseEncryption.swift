import CSodium
import Foundation

/// Encryption under a passphrase: Argon2id derives a key from the passphrase and a random salt,
/// then `AEAD` seals the message. Backups use it to wrap their content key for an operator who
/// would rather remember a passphrase than keep a key file.
///
/// Envelope layout (integers little-endian):
///
///     0     1     2           6              10            26
///     +-----+-----+-----------+--------------+-------------+------------------------------+
///     | ver | alg | opsLimit  | memoryLimit  | salt (16)   | AEAD envelope (42 + n bytes) |
///     |     |     | (u32)     | (u32, KiB)   |             |                              |
///     +-----+-----+-----------+--------------+-------------+------------------------------+
///
/// The first 26 bytes are the AEAD's associated data (before the caller's), so the cost and
/// salt cannot be changed without the envelope failing to open. The passphrase is normalised to
/// Unicode NFC before derivation: "é" typed as one code point or as "e" plus an accent is the
/// same passphrase, whatever keyboard or OS it was typed on.
public enum PassphraseEncryption {
    private static let saltByteCount = Int(crypto_pwhash_SALTBYTES)
    private static let headerByteCount = EnvelopeHeader.byteCount + 4 + 4 + saltByteCount

    /// Bytes an envelope adds to its message.
    public static let overheadByteCount = headerByteCount + AEAD.overheadByteCount

    /// Derives a key from `passphrase` with `parameters` and seals `message` under it.
    ///
    /// - Throws: `EnvelopeError.keyDerivationFailed` when the Argon2id memory cannot be allocated.
    public static func seal(
        _ message: [UInt8],
        passphrase: String,
        parameters: Argon2Parameters = .moderate,
        associatedData: [UInt8] = []
    ) throws(EnvelopeError) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: headerByteCount)
        header.withUnsafeMutableBytes { headerBytes in
            EnvelopeHeader.write(.argon2idXChaCha20Poly1305, into: headerBytes)
            headerBytes.storeBytes(of: parameters.opsLimit.littleEndian, toByteOffset: 2, as: UInt32.self)
            headerBytes.storeBytes(of: parameters.memoryLimitKiB.littleEndian, toByteOffset: 6, as: UInt32.self)
            Sodium.fillRandom(UnsafeMutableRawBufferPointer(rebasing: headerBytes[10...]))
        }
        let key = try deriveKey(passphrase: passphrase, salt: header[10...], parameters: parameters)
        return header + AEAD.seal(message, associatedData: header + associatedData, key: key)
    }

    /// Opens an envelope sealed under `passphrase`.
    ///
    /// The stored Argon2id cost is checked before any key is derived: against `Argon2Parameters`'
    /// accepted ranges, and against `costLimit`, so a damaged or hostile envelope cannot make the
    /// caller spend more time or memory than it is prepared to.
    ///
    /// - Throws: `EnvelopeError`; `.authenticationFailed` for a wrong passphrase or altered bytes,
    ///   `.passphraseCostAboveLimit` when the stored cost exceeds `costLimit`.
    public static func open(
        _ envelope: [UInt8],
        passphrase: String,
        associatedData: [UInt8] = [],
        costLimit: Argon2Parameters = .maximumAccepted
    ) throws(EnvelopeError) -> [UInt8] {
        try EnvelopeHeader.validate(envelope, algorithm: .argon2idXChaCha20Poly1305, minimumByteCount: overheadByteCount)
        let header = Array(envelope[..<headerByteCount])
        let parameters = try Argon2Parameters(
            opsLimit: littleEndianUInt32(header[2..<6]),
            memoryLimitKiB: littleEndianUInt32(header[6..<10])
        )
        guard parameters.opsLimit <= costLimit.opsLimit, parameters.memoryLimitKiB <= costLimit.memoryLimitKiB else {
            throw .passphraseCostAboveLimit(stored: parameters, limit: costLimit)
        }
        let key = try deriveKey(passphrase: passphrase, salt: header[10...], parameters: parameters)
        return try AEAD.open(Array(envelope[headerByteCount...]), associatedData: header + associatedData, key: key)
    }

    private static func littleEndianUInt32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reversed().reduce(0) { value, byte in value << 8 | UInt32(byte) }
    }

    private static func deriveKey(
        passphrase: String,
        salt: ArraySlice<UInt8>,
        parameters: Argon2Parameters
    ) throws(EnvelopeError) -> SecretKey {
        // NUL-terminated, so the buffer is never empty even for an empty passphrase.
        var passphraseBytes = Array(passphrase.precomposedStringWithCanonicalMapping.utf8CString)
        defer { sodium_memzero(&passphraseBytes, passphraseBytes.count) }
        var result: Int32 = 0
        let key = SecretKey { keyBytes in
            result = passphraseBytes.withUnsafeBufferPointer { passphraseBuffer in
                guard let passphrasePointer = passphraseBuffer.baseAddress else { return -1 }
                return salt.withUnsafeBytes { saltBytes in
                    crypto_pwhash(
                        keyBytes.sodiumPointer, UInt64(keyBytes.count),
                        passphrasePointer, UInt64(passphraseBuffer.count - 1),
                        saltBytes.sodiumPointer,
                        UInt64(parameters.opsLimit), Int(parameters.memoryLimitKiB) * 1024,
                        crypto_pwhash_ALG_ARGON2ID13
                    )
                }
            }
        }
        guard result == 0 else {
            throw .keyDerivationFailed(memoryLimitKiB: parameters.memoryLimitKiB)
        }
        return key
    }
}
