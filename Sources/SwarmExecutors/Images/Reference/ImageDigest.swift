import Crypto

/// A content digest as manifests and registries write it: `sha256:` and 64 lowercase hex digits.
///
/// Only SHA-256 is accepted: it is the one algorithm Docker's registries and image tools use, and
/// a digest swarmd cannot verify is not one it should trust.
public struct ImageDigest: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 64 lowercase hex digits.
    public let hex: String

    /// The digest `text` spells (`sha256:<64 hex>`), or nil if it is not one.
    public init?(_ text: String) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let hex = text.dropFirst(Self.prefix.count)
        guard hex.utf8.count == 64, hex.utf8.allSatisfy(Self.isLowercaseHexDigit) else { return nil }
        self.hex = String(hex)
    }

    /// The SHA-256 digest of `bytes`.
    public init(of bytes: some Sequence<UInt8>) {
        self.init(SHA256.hash(data: Array(bytes)))
    }

    /// The digest a finished hash computed.
    init(_ hash: SHA256.Digest) {
        hex = hash.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    public var description: String { Self.prefix + hex }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = ImageDigest(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a sha256 digest"))
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static let prefix = "sha256:"

    static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
