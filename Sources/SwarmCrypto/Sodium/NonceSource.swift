import Synchronization

/// Random nonces for `AEAD`, drawn from libsodium's generator in 4 KiB refills instead of one
/// `getrandom` system call per seal: the call costs about as much as sealing a 256-byte record.
///
/// The bytes are the same cryptographic randomness, only fetched in bulk; nonces are public, so
/// buffering them reveals nothing. A forked child must never reuse its parent's buffered bytes
/// (two processes sealing under one key with one nonce would be catastrophic), so a child
/// discards the buffer it inherited (`ForkGeneration`) before drawing from it.
enum NonceSource {
    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var used = 4096
        var forkGeneration: UInt64 = 0
    }

    private static let pool = Mutex(Pool())

    /// Fills `nonce` with fresh random bytes.
    static func fill(_ nonce: UnsafeMutableRawBufferPointer) {
        Sodium.ensureInitialized()
        let forkGeneration = ForkGeneration.current
        pool.withLock { pool in
            if pool.used + nonce.count > pool.bytes.count || pool.forkGeneration != forkGeneration {
                pool.forkGeneration = forkGeneration
                pool.bytes.withUnsafeMutableBytes { Sodium.fillRandom($0) }
                pool.used = 0
            }
            let start = pool.used
            pool.bytes.withUnsafeBytes { bytes in
                nonce.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + nonce.count)]))
            }
            // Each byte is handed out once.
            pool.used += nonce.count
        }
    }
}
