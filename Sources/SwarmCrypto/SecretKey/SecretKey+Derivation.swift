import CSodium

extension SecretKey {
    /// A subkey for one purpose, derived with BLAKE2b (libsodium `crypto_kdf`): different
    /// `context`s or `subkeyID`s give independent keys, and a subkey reveals nothing about this
    /// key. Used so that the unlock key never directly encrypts anything.
    ///
    /// - Parameter context: exactly 8 ASCII bytes naming the purpose, e.g. `"swmdek01"`.
    public func derive(subkeyID: UInt64, context: String) -> SecretKey {
        precondition(context.utf8.count == Int(crypto_kdf_CONTEXTBYTES), "a KDF context is exactly 8 bytes")
        return SecretKey { subkey in
            let result = withUnsafeBytes { master in
                context.withCString { contextCharacters in
                    crypto_kdf_derive_from_key(subkey.sodiumPointer, subkey.count, subkeyID, contextCharacters, master.sodiumPointer)
                }
            }
            // Fails only for subkey lengths outside 16…64 bytes; ours is 32.
            precondition(result == 0, "crypto_kdf_derive_from_key failed")
        }
    }
}
