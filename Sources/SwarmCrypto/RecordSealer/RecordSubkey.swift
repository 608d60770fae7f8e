import CSodium

/// Derives the AES-256-GCM key of one `RecordSealer` context: keyed BLAKE2b-256 of the record
/// key, with the context's random 16-byte salt as BLAKE2b's salt parameter and a fixed
/// personalization that keeps these subkeys apart from any other use of the same key.
enum RecordSubkey {
    static let saltByteCount = Int(crypto_generichash_blake2b_SALTBYTES)
    static let byteCount = Int(crypto_aead_aes256gcm_KEYBYTES)
    /// BLAKE2b's 16-byte personalization: names this derivation, format 1.
    private static let personalization = Array("swarmd-rec-aes-1".utf8)

    /// Writes the subkey for `key` and `salt` into `subkey` (`byteCount` bytes).
    static func derive(key: SecretKey, salt: UnsafeRawBufferPointer, into subkey: UnsafeMutableRawBufferPointer) {
        precondition(salt.count == saltByteCount && subkey.count == byteCount, "RecordSubkey.derive: wrong buffer sizes")
        let result = key.withUnsafeBytes { keyBytes in
            personalization.withUnsafeBytes { personal in
                crypto_generichash_blake2b_salt_personal(
                    subkey.sodiumPointer, subkey.count, nil, 0,
                    keyBytes.sodiumPointer, keyBytes.count,
                    salt.sodiumPointer, personal.sodiumPointer
                )
            }
        }
        // Fails only for out-of-range lengths, which the constants above rule out.
        precondition(result == 0, "crypto_generichash_blake2b_salt_personal failed")
    }
}
