import CSodium
import Synchronization

/// Seals many small records under one key at the lowest CPU cost this machine allows: the
/// write-ahead log seals every Raft entry with it.
///
/// With hardware AES (x86-64 with AES-NI and PCLMUL; libsodium 1.0.18 has no other) it uses
/// AES-256-GCM, about three times cheaper than XChaCha20-Poly1305 for a 256-byte record here
/// (Docs/benchmarks.md, "crypto"). GCM's 96-bit nonce is too short to draw at random for
/// billions of records, so nonces are counted instead, under a subkey that is fresh for every
/// context: a context draws a random 16-byte salt, derives its AES key from the record key and
/// the salt (`RecordSubkey`), and numbers its records 0, 1, 2, … A new context (new salt, new
/// subkey) starts at this sealer's first seal, after `recordsPerSalt` records, and at the first
/// seal in a forked child, so no (subkey, nonce) pair ever repeats unless two 128-bit random
/// salts collide. Each envelope carries its salt and counter, so a reader needs only the key
/// (`open`). Without hardware AES it seals with `AEAD` (XChaCha20-Poly1305) instead, in an
/// envelope of the same size.
///
/// Thread-safe: concurrent callers take distinct counter values under a short lock and seal in
/// parallel. As with any lock, a forked child must not seal if another thread of the parent
/// could have held it at the fork (a child that execs, as `Process` children do, never seals).
public final class RecordSealer: Sendable {
    /// Records sealed under one salt before the sealer draws the next: at most (and by default)
    /// 2³², far below any AES-GCM usage limit for records of a few KiB.
    public let recordsPerSalt: UInt64
    private let key: SecretKey
    private let usesAES: Bool
    private let current = Mutex<(context: RecordSealingContext?, used: UInt64)>((nil, 0))

    /// A sealer for `key`. The key must be one libsodium can use for AES-256 (32 bytes: every
    /// `SecretKey` is).
    public init(key: SecretKey, recordsPerSalt: UInt64 = 1 << 32) {
        precondition(recordsPerSalt > 0 && recordsPerSalt <= 1 << 32, "RecordSealer: recordsPerSalt must be in 1...2^32")
        Sodium.ensureInitialized()
        self.key = key
        self.recordsPerSalt = recordsPerSalt
        self.usesAES = Self.hasHardwareAES
    }

    /// Whether this machine seals with AES-256-GCM (hardware AES present) or XChaCha20-Poly1305.
    public static var hasHardwareAES: Bool {
        Sodium.ensureInitialized()
        return crypto_aead_aes256gcm_is_available() == 1
    }

    /// Bytes an envelope adds to its plaintext, whichever construction seals it.
    public static let overheadByteCount = RecordEnvelope.overheadByteCount

    /// The envelope size for a plaintext of `plaintextByteCount` bytes.
    public static func sealedByteCount(plaintextByteCount: Int) -> Int {
        plaintextByteCount + overheadByteCount
    }

    /// The plaintext size inside an envelope of `envelopeByteCount` bytes, or nil when no valid
    /// envelope is that short.
    public static func openedByteCount(envelopeByteCount: Int) -> Int? {
        envelopeByteCount >= overheadByteCount ? envelopeByteCount - overheadByteCount : nil
    }

    /// Encrypts `plaintext` into `envelope`, which must be exactly
    /// `sealedByteCount(plaintextByteCount: plaintext.count)` bytes and must not overlap it.
    /// `associatedData` is authenticated, not stored.
    public func seal(
        _ plaintext: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        into envelope: UnsafeMutableRawBufferPointer
    ) {
        precondition(
            envelope.count == Self.sealedByteCount(plaintextByteCount: plaintext.count),
            "RecordSealer.seal: the envelope buffer must be sealedByteCount(plaintextByteCount:) bytes"
        )
        guard usesAES else {
            AEAD.seal(plaintext, associatedData: associatedData, key: key, into: envelope)
            return
        }
        let (context, counter) = nextNonce()
        context.seal(plaintext, associatedData: associatedData, counter: counter, into: envelope)
    }

    /// The context to seal with and a counter value no caller got before from it.
    private func nextNonce() -> (RecordSealingContext, UInt64) {
        let forkGeneration = ForkGeneration.current
        return current.withLock { current in
            if let context = current.context, current.used < recordsPerSalt, context.forkGeneration == forkGeneration {
                defer { current.used += 1 }
                return (context, current.used)
            }
            let context = RecordSealingContext(key: key)
            current = (context, 1)
            return (context, 0)
        }
    }
}
