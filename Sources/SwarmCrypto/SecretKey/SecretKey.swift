import CSodium

/// A 32-byte symmetric key (DEK, KEK, unlock key, secrets key) that stays out of swap, logs and
/// crash dumps as far as the process can arrange.
///
/// The bytes live in one heap allocation locked into RAM with `sodium_mlock` and are zeroed when
/// the last reference goes away. `description`, `debugDescription` and reflection print
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
        storage = UnsafeMutableRawPointer.allocate(byteCount: Self.byteCount, alignment: 16)
        // Lock before the key is written, so its bytes are never in swappable memory.
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
        if isLockedInMemory {
            // sodium_munlock zeroes the memory before unlocking it.
            sodium_munlock(storage, Self.byteCount)
        } else {
            sodium_memzero(storage, Self.byteCount)
        }
        storage.deallocate()
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
