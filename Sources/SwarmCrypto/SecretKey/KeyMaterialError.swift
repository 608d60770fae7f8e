/// Why bytes could not become a key (`SecretKey`, `RecipientPublicKey`).
public enum KeyMaterialError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input did not hold exactly `expectedByteCount` bytes.
    case wrongLength(byteCount: Int, expectedByteCount: Int)

    public var description: String {
        switch self {
        case .wrongLength(let byteCount, let expectedByteCount):
            "a key must be exactly \(expectedByteCount) bytes, but \(byteCount) were given; "
                + "the key material is truncated or is not a swarmd key"
        }
    }
}
