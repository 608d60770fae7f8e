public import SwarmCrypto

/// How a swarmd archive is encrypted as a whole: a random content key encrypts the compressed
/// tar stream in chunks (`SecretStream`), and the key travels in the file's header sealed to a
/// recipient's public key or under a passphrase (Argon2id). Layout in `EncryptedArchiveHeader`.
public enum ArchiveEncryption: Sendable {
    /// Sealed to this public key: only the holder of its private key can read the archive.
    case recipient(RecipientPublicKey)
    /// Under a key derived from this passphrase with Argon2id (`parameters`).
    case passphrase(String, parameters: Argon2Parameters = .moderate)
}

/// What opens an encrypted archive.
public enum ArchiveDecryption: Sendable {
    /// The private key an archive was sealed to.
    case identity(RecipientKeyPair)
    /// The passphrase it was encrypted under.
    case passphrase(String)
}

/// The clear header of an encrypted archive:
///
///     "SWMBKENC" | version (1) | method (1: recipient, 2: passphrase) | envelope length (u32 LE)
///     | the content key's envelope (a SealedBox, or a PassphraseEncryption envelope)
///
/// then the `SecretStream` header, then frames `length (u32 LE) | sealed chunk`, the last
/// chunk marked final; every chunk's associated data is this whole header. The archive's
/// whole-file checksum (`ArchiveTrailer`) follows, over the encrypted bytes.
struct EncryptedArchiveHeader {
    static let magic = Array("SWMBKENC".utf8)
    static let version: UInt8 = 1
    static let fixedByteCount = 14
    /// The largest key envelope a reader accepts (a passphrase envelope is about 100 bytes).
    static let envelopeByteLimit = 4096
    /// Plaintext bytes per sealed chunk.
    static let chunkByteCount = 64 * 1024

    enum Method: UInt8, Sendable {
        case recipient = 1
        case passphrase = 2
    }

    let method: Method
    let keyEnvelope: [UInt8]

    var encoded: [UInt8] {
        var bytes = Self.magic + [Self.version, method.rawValue]
        withUnsafeBytes(of: UInt32(keyEnvelope.count).littleEndian) { bytes += $0 }
        return bytes + keyEnvelope
    }

    /// A header for `encryption` wrapping a new random content key, and that key.
    static func sealing(_ encryption: ArchiveEncryption) throws(EnvelopeError) -> (EncryptedArchiveHeader, SecretKey) {
        let contentKey = SecretKey.random()
        var keyBytes = contentKey.withUnsafeBytes { Array($0) }
        defer { keyBytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        switch encryption {
        case .recipient(let publicKey):
            return (EncryptedArchiveHeader(method: .recipient, keyEnvelope: SealedBox.seal(keyBytes, to: publicKey)), contentKey)
        case .passphrase(let passphrase, let parameters):
            let envelope = try PassphraseEncryption.seal(keyBytes, passphrase: passphrase, parameters: parameters, associatedData: magic)
            return (EncryptedArchiveHeader(method: .passphrase, keyEnvelope: envelope), contentKey)
        }
    }

    /// The content key, opened with `decryption`.
    func contentKey(with decryption: ArchiveDecryption) throws(EnvelopeError) -> SecretKey {
        var keyBytes: [UInt8]
        switch (method, decryption) {
        case (.recipient, .identity(let identity)):
            keyBytes = try SealedBox.open(keyEnvelope, with: identity)
        case (.passphrase, .passphrase(let passphrase)):
            keyBytes = try PassphraseEncryption.open(keyEnvelope, passphrase: passphrase, associatedData: Self.magic)
        default:
            throw .authenticationFailed
        }
        defer { keyBytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        do {
            return try SecretKey(copying: keyBytes)
        } catch {
            throw .authenticationFailed
        }
    }

    /// Parses the header at the start of `prefix`; nil when the file is not encrypted at all.
    ///
    /// - Throws: a description of what is wrong when it starts like one but is not whole.
    static func parse(_ prefix: [UInt8]) throws(HeaderProblem) -> EncryptedArchiveHeader? {
        guard prefix.starts(with: magic) else { return nil }
        guard prefix.count >= fixedByteCount else { throw .truncated }
        guard prefix[8] == version else { throw .unsupportedVersion(prefix[8]) }
        guard let method = Method(rawValue: prefix[9]) else { throw .unknownMethod(prefix[9]) }
        let length = Int(prefix[10]) | Int(prefix[11]) << 8 | Int(prefix[12]) << 16 | Int(prefix[13]) << 24
        guard length <= envelopeByteLimit else { throw .envelopeTooLarge(length) }
        guard prefix.count >= fixedByteCount + length else { throw .truncated }
        return EncryptedArchiveHeader(method: method, keyEnvelope: Array(prefix[fixedByteCount..<(fixedByteCount + length)]))
    }

    /// Why an encrypted archive's header cannot be read.
    enum HeaderProblem: Error, CustomStringConvertible {
        case truncated
        case unsupportedVersion(UInt8)
        case unknownMethod(UInt8)
        case envelopeTooLarge(Int)

        var description: String {
            switch self {
            case .truncated: "its encryption header is cut short"
            case .unsupportedVersion(let version): "its encryption header has version \(version), which this build does not read"
            case .unknownMethod(let method): "its encryption header names an unknown key method \(method)"
            case .envelopeTooLarge(let length): "its encryption header claims a \(length)-byte key envelope"
            }
        }
    }
}
