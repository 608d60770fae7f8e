/// Which AES-GCM implementation opens `RecordSealer` envelopes.
public enum RecordOpeningImplementation: Sendable {
    /// libsodium with hardware AES where present (x86-64 with AES-NI and PCLMUL), else the
    /// portable one.
    case fastest
    /// swift-crypto (BoringSSL), which needs no AES instructions: how a machine without them
    /// reads a log written on one with them.
    case portable
}
