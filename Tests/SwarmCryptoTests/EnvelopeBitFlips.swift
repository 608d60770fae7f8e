import SwarmCrypto
import Testing

/// Flips every bit of `envelope` in turn and expects `open` to reject each tampered copy with the
/// error an envelope sealed by `algorithm` gets for that byte: its header bytes name the version
/// or algorithm found, anything else fails authentication.
func expectEveryBitFlipRejected(
    _ envelope: [UInt8],
    algorithm: EnvelopeAlgorithm,
    label: String = "",
    open: ([UInt8]) throws(EnvelopeError) -> [UInt8]
) {
    for byteIndex in envelope.indices {
        for bit in 0..<8 {
            var tampered = envelope
            tampered[byteIndex] ^= 1 << bit
            let expected: EnvelopeError = switch byteIndex {
            case 0: .unsupportedFormatVersion(tampered[0])
            case 1: .unexpectedAlgorithm(found: tampered[1], expected: algorithm)
            default: .authenticationFailed
            }
            #expect(throws: expected, "byte \(byteIndex) bit \(bit) \(label)") { try open(tampered) }
        }
    }
}
