import CSodium

/// A 32-byte symmetric key (DEK, KEK, unlock key, secrets key) that stays out of swap, logs and
/// crash dumps as far as the process can arrange.
///
/// The bytes live in a `sodium_malloc` allocation: a page of their own, locked into RAM with
/// `sodium_mlock`, fenced by inaccessible guard pages, zeroed and unmapped by `sodium_free`
/// when the last reference goes away. A page of its own matters: page locks do not count
/// users, so unlocking a key that shared a page would silently unlock its neighbours. `description`, `debugDescription` and reflection print
/// `SecretKey(redacted)`, so interpolating a key into a log line or an error never reveals it.
/// Equality is constant-time. There is deliberately no `Hashable`, `Codable` or byte accessor
/// that copies the key out: read it only inside `withUnsafeBytes`.
///
/// Locking can fail where `RLIMIT_MEMLOCK` is tiny; the key still works and `isLockedInMemory`
/// says so, letting the daemon warn the operator instead of refusing to run.
public final class SecretKey: @unchecked Sendable {
    // @unchecked Sendable: `storage` is written only inside `init` and read-only afterwards,
    // and `deinit` runs when no other reference exists, so no two threads ever race on it.

    /// Bytes in every key.
    public static let byteCount = 32

    private let storage: UnsafeMutableRawPointer

    /// Whether `sodium_mlock` succeeded, i.e. the key cannot be swapped out.
    public let isLockedInMemory: Bool

    /// Creates a key whose bytes `fill` writes; `fill` must write all `byteCount` bytes.
    init(filling fill: (UnsafeMutableRawBufferPointer) -> Void) {
        Sodium.ensureInitialized()
        guard let storage = sodium_malloc(Self.byteCount) else {
            preconditionFailure("sodium_malloc could not map a page for a key: out of memory")
        }
        self.storage = storage
        // sodium_malloc locks the page but does not report whether it could; locking the page
        // (ours alone) again is harmless and tells us.
        isLockedInMemory = sodium_mlock(storage, Self.byteCount) == 0
        fill(UnsafeMutableRawBufferPointer(start: storage, count: Self.byteCount))
    }

    /// Creates a new random key.
    public static func random() -> SecretKey {
        SecretKey(filling: Sodium.fillRandom)
    }

    /// Copies `bytes` into a new key.
    ///
    /// - Throws: `KeyMaterialError.wrongLength` unless `bytes` holds exactly `byteCount` bytes.
    public convenience init(copying bytes: some Collection<UInt8>) throws(KeyMaterialError) {
        guard bytes.count == Self.byteCount else {
            throw .wrongLength(byteCount: bytes.count, expectedByteCount: Self.byteCount)
        }
        self.init { storage in
            storage.copyBytes(from: bytes)
        }
    }

    deinit {
        // Zeroes, unlocks and unmaps the key's page.
        sodium_free(storage)
    }

    /// Calls `body` with the key's bytes; the pointer must not escape `body`.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: storage, count: Self.byteCount))
    }
}

extension SecretKey: Equatable {
    /// Constant-time comparison: how long it takes says nothing about where two keys differ.
    public static func == (lhs: SecretKey, rhs: SecretKey) -> Bool {
        lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                Sodium.constantTimeEqual(left, right)
            }
        }
    }
}

extension SecretKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "SecretKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
