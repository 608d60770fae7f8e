import SwarmArchive
import Testing

/// The zstd frames a backup compresses its state into: they round-trip, shrink what repeats,
/// and a frame that is not zstd, is cut short, or holds another size than announced is refused.
/// (A flipped byte inside a frame may decode to other bytes of the right size: frames carry no
/// checksum of their own; the sealing around them is what authenticates them.)
@Suite("zstd frames")
struct ZstdFrameTests {
    /// 4 MiB of 1 KiB records, each one repeated byte and its number: compressible, like a store image.
    static let records: [UInt8] = (0..<4096).flatMap { number in
        [UInt8](repeating: UInt8(truncatingIfNeeded: number), count: 1020) + withUnsafeBytes(of: UInt32(number).littleEndian) { Array($0) }
    }

    @Test func aFrameRoundTripsAndShrinksWhatRepeats() throws {
        let frame = try ZstdFrame.compress(Self.records)
        #expect(frame.count < Self.records.count / 20, "\(frame.count) bytes for \(Self.records.count)")
        #expect(try ZstdFrame.decompress(frame, byteCount: Self.records.count) == Self.records)
        #expect(try ZstdFrame.decompress(try ZstdFrame.compress([7]), byteCount: 1) == [7])
        #expect(throws: ZstdFrame.Failure.self, "an empty frame") { try ZstdFrame.compress([]) }
    }

    @Test func anotherSizeThanAnnouncedIsRefused() throws {
        let frame = try ZstdFrame.compress(Self.records)
        for wrong in [Self.records.count - 1, Self.records.count + 1, 0, -1] {
            #expect(throws: ZstdFrame.Failure.self, "announced \(wrong)") { try ZstdFrame.decompress(frame, byteCount: wrong) }
        }
    }

    @Test func bytesThatAreNotAWholeFrameAreRefused() throws {
        let frame = try ZstdFrame.compress(Self.records)
        #expect(throws: ZstdFrame.Failure.self, "plain bytes") { try ZstdFrame.decompress(Self.records, byteCount: Self.records.count) }
        #expect(throws: ZstdFrame.Failure.self, "cut short") { try ZstdFrame.decompress(Array(frame.dropLast(9)), byteCount: Self.records.count) }
    }
}
