import CSodium

/// The manager unlock key of an autolocked cluster, in Docker's text form
/// `SWMKEY-1-<base64 of 32 bytes, standard alphabet, no padding>` (52 characters).
///
/// The key itself is a `SecretKey`: it is the KEK that wraps the raft DEK, and it is never
/// written to disk. `description` is redacted; the text form exists only through
/// `revealedText()`, which `swarm init --autolock` and `swarm unlock-key` print once for the
/// operator to store.
public struct UnlockKey: Sendable, Equatable {
    /// Every unlock key starts with this; `1` is the format version.
    public static let prefix = "SWMKEY-1-"
    /// Characters of base64 after the prefix: 32 bytes, no padding.
    static let encodedKeyLength = 43

    /// The key encryption key.
    public let key: SecretKey

    /// Wraps an existing key.
    public init(key: SecretKey) {
        self.key = key
    }

    /// Creates a new random unlock key.
    public static func generate() -> UnlockKey {
        UnlockKey(key: .random())
    }

    /// Parses the text an operator typed or pasted. Whitespace around the key (a trailing
    /// newline from a key file) is ignored; anything else that is not exactly Docker's format is
    /// rejected with an error that says what is wrong, without repeating the key.
    public init(parsing text: String) throws(UnlockKeyError) {
        var body = Array(try UnlockKeyText.validatedBody(of: text).utf8)
        defer { sodium_memzero(&body, body.count) }
        var result: Int32 = -1
        var decodedCount = 0
        // Decode straight into the key's locked memory, so no copy of the raw key exists.
        let key = SecretKey { keyBytes in
            result = body.withUnsafeBufferPointer { encoded in
                encoded.withMemoryRebound(to: CChar.self) { characters in
                    sodium_base642bin(
                        keyBytes.sodiumPointer, keyBytes.count, characters.baseAddress, characters.count,
                        nil, &decodedCount, nil, sodium_base64_VARIANT_ORIGINAL_NO_PADDING
                    )
                }
            }
        }
        // Alphabet and length were checked, so the only way left to fail is non-zero unused bits
        // in the last character: a key altered by hand or a copy error.
        guard result == 0, decodedCount == SecretKey.byteCount else {
            throw .nonCanonicalEncoding
        }
        self.key = key
    }

    /// The `SWMKEY-1-…` text, to show the operator once. Never log it.
    public func revealedText() -> String {
        let capacity = sodium_base64_encoded_len(SecretKey.byteCount, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)
        var encoded = [CChar](repeating: 0, count: capacity)
        defer { sodium_memzero(&encoded, encoded.count) }
        key.withUnsafeBytes { keyBytes in
            _ = sodium_bin2base64(&encoded, capacity, keyBytes.sodiumPointer, keyBytes.count, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)
        }
        let body = String(decoding: encoded.prefix(Self.encodedKeyLength).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Self.prefix + body
    }
}

extension UnlockKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "UnlockKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
