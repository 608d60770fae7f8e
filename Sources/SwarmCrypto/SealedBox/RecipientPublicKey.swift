import CSodium

/// An X25519 public key that `SealedBox` encrypts to, e.g. the backup recipient's.
///
/// Public: printing or storing it reveals nothing.
public struct RecipientPublicKey: Sendable, Equatable {
    /// Bytes in every public key.
    public static let byteCount = Int(crypto_box_PUBLICKEYBYTES)

    /// The raw 32-byte key.
    public let bytes: [UInt8]

    /// Wraps raw key bytes.
    ///
    /// - Throws: `KeyMaterialError.wrongLength` unless `bytes` holds exactly `byteCount` bytes.
    public init(bytes: [UInt8]) throws(KeyMaterialError) {
        guard bytes.count == Self.byteCount else {
            throw .wrongLength(byteCount: bytes.count, expectedByteCount: Self.byteCount)
        }
        self.bytes = bytes
    }

    /// Wraps bytes whose length the caller has already guaranteed.
    init(exactBytes bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "a public key is \(Self.byteCount) bytes")
        self.bytes = bytes
    }
}
