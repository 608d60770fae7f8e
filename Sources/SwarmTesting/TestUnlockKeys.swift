public import SwarmCrypto

/// The fixed unlock keys that crash tests and their probes share, by name ("A", "B"); "none"
/// names no key.
public enum TestUnlockKeys {
    public static let byName: [String: UnlockKey] = [
        "A": UnlockKey(key: fixedKey(0xA1)),
        "B": UnlockKey(key: fixedKey(0xB2)),
    ]

    /// Every protection name a probe may use.
    public static let names = ["none", "A", "B"]

    private static func fixedKey(_ byte: UInt8) -> SecretKey {
        guard let key = try? SecretKey(copying: [UInt8](repeating: byte, count: SecretKey.byteCount)) else {
            preconditionFailure("a 32-byte array always makes a key")
        }
        return key
    }
}
