/// Wrapping a key under another key (a DEK under the KEK): the wrapped key is an `AEAD`
/// envelope, and unwrapping writes the key straight into locked `SecretKey` memory, so no plain
/// copy of it ever sits in ordinary memory.
public enum KeyWrapping {
    /// Bytes of a wrapped key.
    public static let wrappedByteCount = AEAD.sealedByteCount(plaintextByteCount: SecretKey.byteCount)

    /// Seals `key` under `wrappingKey`, binding `associatedData` (what the key is for).
    public static func wrap(_ key: SecretKey, with wrappingKey: SecretKey, associatedData: [UInt8]) -> [UInt8] {
        var wrapped = [UInt8](repeating: 0, count: wrappedByteCount)
        key.withUnsafeBytes { keyBytes in
            associatedData.withUnsafeBytes { associated in
                wrapped.withUnsafeMutableBytes { output in
                    AEAD.seal(keyBytes, associatedData: associated, key: wrappingKey, into: output)
                }
            }
        }
        return wrapped
    }

    /// Opens a wrapped key.
    ///
    /// - Throws: `EnvelopeError.authenticationFailed` for a wrong wrapping key, other associated
    ///   data or altered bytes; other `EnvelopeError`s for malformed input.
    public static func unwrap(_ wrapped: [UInt8], with wrappingKey: SecretKey, associatedData: [UInt8]) throws(EnvelopeError) -> SecretKey {
        guard wrapped.count == wrappedByteCount else {
            throw .truncated(byteCount: wrapped.count, minimumByteCount: wrappedByteCount)
        }
        var failure: EnvelopeError?
        let key = SecretKey { keyBytes in
            wrapped.withUnsafeBytes { envelope in
                associatedData.withUnsafeBytes { associated in
                    do throws(EnvelopeError) {
                        try AEAD.open(envelope, associatedData: associated, key: wrappingKey, into: keyBytes)
                    } catch {
                        failure = error
                    }
                }
            }
        }
        if let failure { throw failure }
        return key
    }
}
