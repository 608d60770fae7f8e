import CSodium

/// libsodium's one-time initialisation, done lazily by the first caller of any SwarmCrypto API.
///
/// `sodium_init` picks the fastest implementations for this CPU and seeds the random generator.
/// It is safe to call from several threads; a Swift `static let` runs it exactly once anyway.
enum Sodium {
    private static let initialization: Void = {
        // A negative result means libsodium cannot work on this machine (no entropy source):
        // nothing in the appliance may run without working cryptography.
        precondition(sodium_init() >= 0, "libsodium failed to initialise: no usable random source")
    }()

    /// Initialises libsodium if no caller has yet; cheap after the first call.
    @inline(__always)
    static func ensureInitialized() {
        initialization
    }

    /// Fills `buffer` with cryptographically secure random bytes.
    static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        ensureInitialized()
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        randombytes_buf(base, buffer.count)
    }

    /// Returns `count` cryptographically secure random bytes.
    static func randomBytes(count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            fillRandom(UnsafeMutableRawBufferPointer(buffer))
            initializedCount = count
        }
    }

    /// Compares two buffers of equal length in time that does not depend on their contents.
    static func constantTimeEqual(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return lhs.count == 0 }
        return sodium_memcmp(left, right, lhs.count) == 0
    }
}
