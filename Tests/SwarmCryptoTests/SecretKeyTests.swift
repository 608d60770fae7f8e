#if canImport(Glibc)
import Glibc
#endif
import SwarmCrypto
import Testing

@Suite("SecretKey")
struct SecretKeyTests {
    @Test("random keys are 32 bytes and differ from each other")
    func randomKeysDiffer() {
        let first = SecretKey.random()
        let second = SecretKey.random()
        #expect(first != second)
        first.withUnsafeBytes { #expect($0.count == 32) }
    }

    @Test("a key copied from bytes holds those bytes and equals another copy")
    func copyingPreservesBytes() throws {
        let bytes = (0..<32).map { UInt8($0) }
        let key = try SecretKey(copying: bytes)
        key.withUnsafeBytes { #expect(Array($0) == bytes) }
        #expect(key == (try SecretKey(copying: bytes)))
        #expect(key != (try SecretKey(copying: bytes.reversed())))
    }

    @Test("bytes of the wrong length are rejected", arguments: [0, 1, 31, 33, 64])
    func wrongLengthRejected(byteCount: Int) {
        #expect(throws: KeyMaterialError.wrongLength(byteCount: byteCount, expectedByteCount: 32)) {
            try SecretKey(copying: [UInt8](repeating: 7, count: byteCount))
        }
    }

    @Test("printing, debug-printing or dumping a key never shows its bytes")
    func printingIsRedacted() throws {
        let key = try SecretKey(copying: [UInt8](repeating: 0x41, count: 32))
        var dumped = ""
        dump(key, to: &dumped)
        for text in ["\(key)", String(reflecting: key), dumped] {
            #expect(text.contains("redacted"))
            #expect(!text.contains("AAAA"))
            #expect(!text.contains("65"))
        }
    }

    @Test("keys are locked in memory when the process may lock memory")
    func keysAreLocked() {
        // Root has CAP_IPC_LOCK, so mlock cannot fail for lack of RLIMIT_MEMLOCK.
        guard getuid() == 0 else { return }
        #expect(SecretKey.random().isLockedInMemory)
    }
}
