import CChecksum
import SwarmTesting
import Testing

@Suite("CRC-32C")
struct ChecksumTests {
    @Test("matches the standard check value for '123456789'")
    func checkValue() {
        let bytes = Array("123456789".utf8)
        #expect(swarm_crc32c(0, bytes, bytes.count) == 0xE306_9283)
        #expect(swarm_crc32c_portable(0, bytes, bytes.count) == 0xE306_9283)
    }

    @Test("the hardware path agrees with the table at every length and when chained")
    func hardwareAgreesWithTable() {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        for length in 0..<300 {
            let bytes = random.bytes(count: length)
            #expect(swarm_crc32c(0, bytes, length) == swarm_crc32c_portable(0, bytes, length), "seed \(random.seed), length \(length)")
            let split = length / 3
            let chained = bytes.withUnsafeBytes { buffer in
                swarm_crc32c(swarm_crc32c(0, buffer.baseAddress, split), buffer.baseAddress.map { $0 + split }, length - split)
            }
            #expect(chained == swarm_crc32c(0, bytes, length))
        }
    }
}
