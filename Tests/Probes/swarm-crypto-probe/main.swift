// A child process for the fork tests of nonces: seals one record with a `RecordSealer` and one
// with `AEAD`, forks, and then parent and child each seal one more of each and print the nonce
// they used (hex) as "parent-record …", "parent-aead …", "child-record …", "child-aead …". Two
// processes sealing under one key with one nonce would be catastrophic, so the test expects
// parent and child nonces to differ.
//
//   swarm-crypto-probe
import Glibc
import SwarmCrypto
import SwarmTesting

let key = SecretKey.random()
let sealer = RecordSealer(key: key)
let plaintext = [UInt8](repeating: 7, count: 64)

func hex(_ bytes: ArraySlice<UInt8>) -> String {
    bytes.map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
}

/// The salt and counter of a freshly sealed record, in hex.
func recordNonce() -> String {
    var envelope = [UInt8](repeating: 0, count: RecordSealer.sealedByteCount(plaintextByteCount: plaintext.count))
    plaintext.withUnsafeBytes { plaintext in
        envelope.withUnsafeMutableBytes { sealer.seal(plaintext, associatedData: UnsafeRawBufferPointer(start: nil, count: 0), into: $0) }
    }
    return hex(envelope[2..<26])
}

/// The random nonce of a fresh `AEAD` envelope, in hex.
func aeadNonce() -> String {
    hex(AEAD.seal(plaintext, key: key)[2..<26])
}

func report(_ role: String) {
    ProbeOutput.line("\(role)-record \(recordNonce())")
    ProbeOutput.line("\(role)-aead \(aeadNonce())")
}

_ = recordNonce()
_ = aeadNonce()
let child = fork()
switch child {
case -1:
    ProbeOutput.line("fork failed: errno \(errno)")
    exit(1)
case 0:
    report("child")
    _exit(0)
default:
    var status: Int32 = 0
    waitpid(child, &status, 0)
    report("parent")
    exit(0)
}
