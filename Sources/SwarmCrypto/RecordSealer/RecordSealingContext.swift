import CSodium

/// One random salt of a `RecordSealer` and the AES-256-GCM key it derives, expanded once and
/// kept in a locked page of its own (`sodium_malloc`) that is zeroed and unmapped at `deinit`.
/// Immutable after `init`, so any number of threads may seal with it at once, each with a
/// counter value of its own.
final class RecordSealingContext: @unchecked Sendable {
    // @unchecked Sendable: `state` is written only inside `init`; sealing reads it.
    let forkGeneration: UInt64
    private let salt: [UInt8]
    private let state: UnsafeMutablePointer<crypto_aead_aes256gcm_state>

    init(key: SecretKey) {
        forkGeneration = ForkGeneration.current
        salt = Sodium.randomBytes(count: RecordSubkey.saltByteCount)
        // sodium_malloc places the block at the end of its page, and the state's size is a
        // multiple of 16, so the state is 16-byte aligned as libsodium requires.
        guard let memory = sodium_malloc(crypto_aead_aes256gcm_statebytes()) else {
            preconditionFailure("sodium_malloc could not map a page for a record key: out of memory")
        }
        precondition(Int(bitPattern: memory) % 16 == 0, "sodium_malloc returned memory not 16-byte aligned")
        state = memory.bindMemory(to: crypto_aead_aes256gcm_state.self, capacity: 1)
        let result = withUnsafeTemporaryAllocation(byteCount: RecordSubkey.byteCount, alignment: 16) { subkey in
            defer { sodium_memzero(subkey.baseAddress, subkey.count) }
            salt.withUnsafeBytes { RecordSubkey.derive(key: key, salt: $0, into: subkey) }
            return crypto_aead_aes256gcm_beforenm(state, subkey.sodiumPointer)
        }
        // Cannot fail for a 32-byte key; RecordSealer builds contexts only with hardware AES.
        precondition(result == 0, "crypto_aead_aes256gcm_beforenm failed")
    }

    deinit {
        sodium_free(state)
    }

    /// Seals `plaintext` into `envelope` (exactly `RecordEnvelope.overheadByteCount` bytes
    /// longer) with nonce `counter`, which the caller never passes twice to this context.
    func seal(
        _ plaintext: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        counter: UInt64,
        into envelope: UnsafeMutableRawBufferPointer
    ) {
        EnvelopeHeader.write(.aes256GCMDerivedKey, into: envelope)
        salt.withUnsafeBytes { salt in
            let saltField = envelope[RecordEnvelope.saltOffset..<RecordEnvelope.counterOffset]
            UnsafeMutableRawBufferPointer(rebasing: saltField).copyMemory(from: salt)
        }
        envelope.storeBytes(of: counter.littleEndian, toByteOffset: RecordEnvelope.counterOffset, as: UInt64.self)
        let counterField = envelope[RecordEnvelope.counterOffset..<RecordEnvelope.ciphertextOffset]
        let counterBytes = UnsafeRawBufferPointer(rebasing: counterField)
        let output = UnsafeMutableRawBufferPointer(rebasing: envelope[RecordEnvelope.ciphertextOffset...])
        let result = withUnsafeTemporaryAllocation(byteCount: RecordEnvelope.gcmNonceByteCount, alignment: 1) { nonce in
            RecordEnvelope.writeNonce(counter: counterBytes, into: nonce)
            return crypto_aead_aes256gcm_encrypt_afternm(
                output.sodiumPointer, nil,
                plaintext.sodiumPointer, plaintext.sodiumLength,
                associatedData.sodiumPointer, associatedData.sodiumLength,
                nil, UnsafeRawBufferPointer(nonce).sodiumPointer, state
            )
        }
        // Fails only for messages beyond GCM's 64 GiB limit, which no caller can build.
        precondition(result == 0, "crypto_aead_aes256gcm_encrypt_afternm failed")
    }
}
