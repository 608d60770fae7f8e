// A child process for the record sealer's fork test: seals one record, forks, and then parent
// and child each seal one more record and print the nonce they used (salt and counter, hex) as
// "parent …" / "child …". Two processes sealing under one subkey with one nonce would be
// catastrophic for AES-GCM, so the test expects the two nonces to differ.
//
//   swarm-crypto-probe
import Glibc
import SwarmCrypto
import SwarmTesting

let sealer = RecordSealer(key: .random())
let plaintext = [UInt8](repeating: 7, count: 64)

/// The salt and counter of a freshly sealed record, in hex.
func sealedNonce() -> String {
    var envelope = [UInt8](repeating: 0, count: RecordSealer.sealedByteCount(plaintextByteCount: plaintext.count))
    plaintext.withUnsafeBytes { plaintext in
        envelope.withUnsafeMutableBytes { sealer.seal(plaintext, associatedData: UnsafeRawBufferPointer(start: nil, count: 0), into: $0) }
    }
    return envelope[2..<26].map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
}

_ = sealedNonce()
let child = fork()
switch child {
case -1:
    ProbeOutput.line("fork failed: errno \(errno)")
    exit(1)
case 0:
    ProbeOutput.line("child \(sealedNonce())")
    _exit(0)
default:
    var status: Int32 = 0
    waitpid(child, &status, 0)
    ProbeOutput.line("parent \(sealedNonce())")
    exit(0)
}
