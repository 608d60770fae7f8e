import CSodium

/// Wiping key material that had to pass through ordinary memory (e.g. a key file's bytes).
public enum SecureMemory {
    /// Overwrites every byte of `bytes` with zero in a way the compiler cannot remove.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            sodium_memzero(base, buffer.count)
        }
    }
}
