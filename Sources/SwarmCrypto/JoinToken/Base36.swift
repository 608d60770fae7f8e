/// Big-endian unsigned integers of any width as lower-case base-36 text (`0-9a-z`), zero-padded
/// on the left: the encoding of both halves of a Docker join token (Go's `big.Int.Text(36)`).
enum Base36 {
    private static let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// The value of a lower-case digit or decimal digit, nil for any other scalar.
    static func digitValue(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar {
        case "0"..."9": UInt8(scalar.value - Unicode.Scalar("0").value)
        case "a"..."z": UInt8(scalar.value - Unicode.Scalar("a").value + 10)
        default: nil
        }
    }

    /// Encodes `bytes` as base 36, left-padded with `0` to `width` characters.
    /// `width` must be large enough for the largest value of `bytes.count` bytes.
    static func encode(_ bytes: [UInt8], width: Int) -> String {
        var dividend = bytes
        var reversedDigits: [UInt8] = []
        reversedDigits.reserveCapacity(width)
        while dividend.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in dividend.indices {
                let value = remainder * 256 + Int(dividend[index])
                dividend[index] = UInt8(value / 36)
                remainder = value % 36
            }
            reversedDigits.append(digits[remainder])
        }
        precondition(reversedDigits.count <= width, "Base36.encode: width too small for the value")
        let padding = [UInt8](repeating: digits[0], count: width - reversedDigits.count)
        return String(decoding: padding + reversedDigits.reversed(), as: UTF8.self)
    }

    /// Decodes base-36 `text` (already checked to hold only `digitValue` scalars) into exactly
    /// `byteCount` big-endian bytes, or nil when the value does not fit.
    static func decode(_ text: Substring, byteCount: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        for scalar in text.unicodeScalars {
            guard let digit = digitValue(scalar) else { return nil }
            var carry = Int(digit)
            for index in bytes.indices.reversed() {
                let value = Int(bytes[index]) * 36 + carry
                bytes[index] = UInt8(value & 0xFF)
                carry = value >> 8
            }
            guard carry == 0 else { return nil }
        }
        return bytes
    }
}
