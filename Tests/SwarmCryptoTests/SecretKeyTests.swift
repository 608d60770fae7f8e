#if canImport(Glibc)
import Glibc
#endif
import Foundation
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

    /// Root has CAP_IPC_LOCK, so mlock cannot fail for lack of RLIMIT_MEMLOCK.
    static let mayLockMemory = getuid() == 0

    @Test("keys are locked in memory when the process may lock memory", .enabled(if: mayLockMemory))
    func keysAreLocked() {
        #expect(SecretKey.random().isLockedInMemory)
    }

    @Test("releasing one key leaves another key's memory locked", .enabled(if: mayLockMemory))
    func releasingAKeyKeepsOthersLocked() throws {
        let survivor = SecretKey.random()
        var released: SecretKey? = SecretKey.random()
        #expect(released?.isLockedInMemory == true)
        released = nil
        let address = survivor.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(try Self.lockedKiB(ofMappingContaining: address) > 0)
    }

    /// The `Locked:` size of the /proc/self/smaps mapping that contains `address`.
    static func lockedKiB(ofMappingContaining address: UInt) throws -> Int {
        // /proc files report size 0; read to end of file rather than by size.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        let smaps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        var isInMapping = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                isInMapping = bounds.count == 2 && (bounds[0]..<bounds[1]).contains(address)
            } else if isInMapping, fields.first == "Locked:", fields.count >= 2 {
                return Int(fields[1]) ?? 0
            }
        }
        return 0
    }
}
