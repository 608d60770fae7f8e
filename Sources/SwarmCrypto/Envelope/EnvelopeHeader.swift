/// The two bytes that start every envelope: format version, then `EnvelopeAlgorithm`.
///
/// Readers accept exactly one version and algorithm for each kind of data and check them before
/// anything else; a rewritten header therefore only makes an envelope fail to open (see
/// `AEAD` for why the header is not also MACed).
enum EnvelopeHeader {
    /// The only envelope format this build writes and reads.
    static let formatVersion: UInt8 = 1
    static let byteCount = 2

    /// Writes the header for `algorithm` into the first `byteCount` bytes of `envelope`.
    static func write(_ algorithm: EnvelopeAlgorithm, into envelope: UnsafeMutableRawBufferPointer) {
        envelope[0] = formatVersion
        envelope[1] = algorithm.rawValue
    }

    /// Checks that `envelope` is at least `minimumByteCount` long and starts with the header for
    /// `algorithm`.
    static func validate(
        _ envelope: some Collection<UInt8>,
        algorithm: EnvelopeAlgorithm,
        minimumByteCount: Int
    ) throws(EnvelopeError) {
        guard let version = envelope.first, let algorithmByte = envelope.dropFirst().first else {
            throw .truncated(byteCount: envelope.count, minimumByteCount: minimumByteCount)
        }
        guard version == formatVersion else {
            throw .unsupportedFormatVersion(version)
        }
        guard algorithmByte == algorithm.rawValue else {
            throw .unexpectedAlgorithm(found: algorithmByte, expected: algorithm)
        }
        guard envelope.count >= minimumByteCount else {
            throw .truncated(byteCount: envelope.count, minimumByteCount: minimumByteCount)
        }
    }
}
