/// libsodium takes `unsigned char *` and tolerates any pointer when the length is zero, but an
/// empty Swift buffer may have no base address at all; these accessors hand it a valid one.
// nonisolated(unsafe): only ever passed with length 0, so no thread reads or writes a byte of it.
nonisolated(unsafe) private let emptyBufferStandIn = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

extension UnsafeRawBufferPointer {
    /// The bytes as libsodium's `const unsigned char *`, never nil.
    var sodiumPointer: UnsafePointer<UInt8> {
        guard let base = baseAddress else { return UnsafePointer(emptyBufferStandIn) }
        return base.assumingMemoryBound(to: UInt8.self)
    }

    /// The length as libsodium's `unsigned long long`.
    var sodiumLength: UInt64 { UInt64(count) }
}

extension UnsafeMutableRawBufferPointer {
    /// The bytes as libsodium's `unsigned char *`, never nil.
    var sodiumPointer: UnsafeMutablePointer<UInt8> {
        guard let base = baseAddress else { return emptyBufferStandIn }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}
