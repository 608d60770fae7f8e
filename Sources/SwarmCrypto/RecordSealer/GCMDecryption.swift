import CSodium
import Crypto
import struct Foundation.Data

/// One AES-256-GCM decryption of a `RecordSealer` envelope's ciphertext and tag, by libsodium or
/// by swift-crypto; neither leaves the subkey or its key schedule in memory afterwards.
struct GCMDecryption {
    let subkey: UnsafeRawBufferPointer
    let nonce: UnsafeRawBufferPointer
    /// Ciphertext followed by the 16-byte tag.
    let sealed: UnsafeRawBufferPointer
    let associatedData: UnsafeRawBufferPointer

    /// libsodium with hardware AES; the expanded key lives in a temporary state wiped here
    /// (libsodium's one-shot call would leave it on its own stack).
    func openWithSodium(into plaintext: UnsafeMutableRawBufferPointer) -> Bool {
        withUnsafeTemporaryAllocation(byteCount: crypto_aead_aes256gcm_statebytes(), alignment: 16) { memory in
            defer { sodium_memzero(memory.baseAddress, memory.count) }
            let state = memory.baseAddress!.bindMemory(to: crypto_aead_aes256gcm_state.self, capacity: 1)
            guard crypto_aead_aes256gcm_beforenm(state, subkey.sodiumPointer) == 0 else { return false }
            return crypto_aead_aes256gcm_decrypt_afternm(
                plaintext.sodiumPointer, nil, nil,
                sealed.sodiumPointer, sealed.sodiumLength,
                associatedData.sodiumPointer, associatedData.sodiumLength,
                nonce.sodiumPointer, state
            ) == 0
        }
    }

    /// swift-crypto's AES-GCM, which runs without AES instructions.
    func openPortably(into plaintext: UnsafeMutableRawBufferPointer) -> Bool {
        let ciphertextByteCount = sealed.count - RecordEnvelope.tagByteCount
        // SymmetricKey keeps its copy in memory it zeroes when freed.
        let key = SymmetricKey(data: subkey)
        guard let nonce = try? AES.GCM.Nonce(data: nonce),
            let box = try? AES.GCM.SealedBox(
                nonce: nonce,
                ciphertext: UnsafeRawBufferPointer(rebasing: sealed[..<ciphertextByteCount]),
                tag: UnsafeRawBufferPointer(rebasing: sealed[ciphertextByteCount...])
            ),
            let opened: Data = try? AES.GCM.open(box, using: key, authenticating: associatedData)
        else { return false }
        opened.withUnsafeBytes { plaintext.copyMemory(from: $0) }
        return true
    }
}
