import CSodium

/// Authenticated encryption of a long stream in chunks (libsodium `secretstream`,
/// XChaCha20-Poly1305): each chunk is sealed with its own nonce derived from the stream's state,
/// so chunks cannot be reordered, dropped or repeated, and the last one is marked, so a stream
/// cut at a chunk boundary is caught too. For whole-archive encryption of backups.
public enum SecretStream {
    /// Bytes of the stream header that starts every stream (its random nonce seed).
    public static let headerByteCount = Int(crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    /// Bytes each sealed chunk adds to its plaintext.
    public static let chunkOverheadByteCount = Int(crypto_secretstream_xchacha20poly1305_ABYTES)

    /// Seals the chunks of one stream, in order. Not thread-safe.
    public struct Sealer {
        /// What the stream must start with, in the clear.
        public let header: [UInt8]
        private var state: crypto_secretstream_xchacha20poly1305_state

        /// Starts a stream under `key`.
        public init(key: SecretKey) {
            Sodium.ensureInitialized()
            var header = [UInt8](repeating: 0, count: SecretStream.headerByteCount)
            var state = crypto_secretstream_xchacha20poly1305_state()
            let result = header.withUnsafeMutableBytes { headerBytes in
                key.withUnsafeBytes { keyBytes in
                    crypto_secretstream_xchacha20poly1305_init_push(&state, headerBytes.sodiumPointer, keyBytes.sodiumPointer)
                }
            }
            precondition(result == 0, "crypto_secretstream_xchacha20poly1305_init_push failed")
            self.header = header
            self.state = state
        }

        /// Seals `plaintext` as the next chunk (`isFinal` for the last one), binding
        /// `associatedData` to it.
        public mutating func seal(_ plaintext: UnsafeRawBufferPointer, associatedData: [UInt8], isFinal: Bool) -> [UInt8] {
            var sealed = [UInt8](repeating: 0, count: plaintext.count + SecretStream.chunkOverheadByteCount)
            let tag = UInt8(isFinal ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
            let result = sealed.withUnsafeMutableBytes { output in
                associatedData.withUnsafeBytes { associated in
                    crypto_secretstream_xchacha20poly1305_push(
                        &state, output.sodiumPointer, nil, plaintext.sodiumPointer, plaintext.sodiumLength, associated.sodiumPointer,
                        associated.sodiumLength, tag
                    )
                }
            }
            precondition(result == 0, "crypto_secretstream_xchacha20poly1305_push failed")
            return sealed
        }
    }

    /// Opens the chunks of one stream, in order. Not thread-safe.
    public struct Opener {
        private var state: crypto_secretstream_xchacha20poly1305_state

        /// Starts reading a stream that began with `header`, under `key`.
        ///
        /// - Throws: `EnvelopeError.truncated` for a short header, `.authenticationFailed` for an
        ///   unusable one.
        public init(key: SecretKey, header: [UInt8]) throws(EnvelopeError) {
            Sodium.ensureInitialized()
            guard header.count == SecretStream.headerByteCount else {
                throw .truncated(byteCount: header.count, minimumByteCount: SecretStream.headerByteCount)
            }
            var state = crypto_secretstream_xchacha20poly1305_state()
            let result = header.withUnsafeBytes { headerBytes in
                key.withUnsafeBytes { keyBytes in
                    crypto_secretstream_xchacha20poly1305_init_pull(&state, headerBytes.sodiumPointer, keyBytes.sodiumPointer)
                }
            }
            guard result == 0 else { throw .authenticationFailed }
            self.state = state
        }

        /// Opens the next chunk; returns its plaintext and whether it is the stream's last.
        ///
        /// - Throws: `.authenticationFailed` for a wrong key, altered bytes, another associated
        ///   data, or a chunk out of order; `.truncated` for a chunk shorter than its overhead.
        public mutating func open(_ sealed: UnsafeRawBufferPointer, associatedData: [UInt8]) throws(EnvelopeError) -> (plaintext: [UInt8], isFinal: Bool) {
            guard sealed.count >= SecretStream.chunkOverheadByteCount else {
                throw .truncated(byteCount: sealed.count, minimumByteCount: SecretStream.chunkOverheadByteCount)
            }
            var plaintext = [UInt8](repeating: 0, count: sealed.count - SecretStream.chunkOverheadByteCount)
            var tag: UInt8 = 0
            let result = plaintext.withUnsafeMutableBytes { output in
                associatedData.withUnsafeBytes { associated in
                    crypto_secretstream_xchacha20poly1305_pull(
                        &state, output.sodiumPointer, nil, &tag, sealed.sodiumPointer, sealed.sodiumLength, associated.sodiumPointer,
                        associated.sodiumLength
                    )
                }
            }
            guard result == 0 else { throw .authenticationFailed }
            return (plaintext, tag == UInt8(crypto_secretstream_xchacha20poly1305_TAG_FINAL))
        }
    }
}
