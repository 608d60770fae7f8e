import Foundation
import SwarmArchive
import SwarmTesting
import SystemPackage
import Testing

/// The archive's promise at scale: 10,000 files and 100 MiB go through in constant memory. Peak
/// memory is measured in a child process (`swarm-archive-probe`), whose VmHWM counts only the
/// archive code, not the test runner.
@Suite("Archive at scale")
struct ArchiveScaleTests {
    static let fileCount = 10_000
    static let totalByteCount = 100 * 1024 * 1024
    static let peakMemoryLimitKiB = 64 * 1024

    struct ProbeReport {
        let entryCount: Int
        let peakResidentKiB: Int
    }

    static func runProbe(_ arguments: [String]) throws -> ProbeReport {
        let outcome = try ChildProcess.run(BuiltProducts.executable("swarm-archive-probe"), arguments, timeout: .seconds(600))
        #expect(outcome.exitStatus == 0, "probe \(arguments[0]) failed: \(outcome.standardError)")
        var values: [String: Int] = [:]
        for line in outcome.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2 { values[String(fields[0])] = Int(fields[1]) }
        }
        return ProbeReport(entryCount: values["entries"] ?? -1, peakResidentKiB: values["peak_rss_kib"] ?? .max)
    }

    @Test("10,000 files / 100 MiB round-trip with identical checksums in under 64 MiB, and a corrupted middle byte is caught")
    func tenThousandFiles() throws {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let scratch = try ScratchDirectory()
        let source = scratch.appending("source")
        let fileByteCount = Self.totalByteCount / Self.fileCount
        for index in 0..<Self.fileCount {
            try ArchiveFixtures.writeFile(source.appending("d\(index / 100)/f\(index)"), random.bytes(count: fileByteCount))
        }
        let archive = scratch.appending("big.tar.zst")

        let created = try Self.runProbe(["create", archive.string, source.string])
        #expect(created.entryCount == Self.fileCount + Self.fileCount / 100)
        #expect(created.peakResidentKiB < Self.peakMemoryLimitKiB, "writer peak \(created.peakResidentKiB) KiB")

        let restored = try scratch.makeDirectory("restored")
        let extracted = try Self.runProbe(["extract", archive.string, restored.string])
        #expect(extracted.entryCount == created.entryCount)
        #expect(extracted.peakResidentKiB < Self.peakMemoryLimitKiB, "reader peak \(extracted.peakResidentKiB) KiB")
        let sourceDigests = try ArchiveFixtures.digests(under: source)
        #expect(sourceDigests.count == Self.fileCount)
        #expect(try ArchiveFixtures.digests(under: restored) == sourceDigests)

        // Corrupt one byte in the middle of the big archive: the reader must fail, naming the
        // entry whose contents it damaged; when it falls on what no file holds (a tar header or
        // its padding, about 2% of the compressed stream here), the whole-file checksum says so.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: archive.string))
        let middle = try handle.seekToEnd() / 2
        try handle.seek(toOffset: middle)
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: middle)
        try handle.write(contentsOf: [byte ^ 0x01])
        try handle.close()
        let damagedTarget = try scratch.makeDirectory("damaged")
        let outcome = try ChildProcess.run(BuiltProducts.executable("swarm-archive-probe"), ["extract", archive.string, damagedTarget.string], timeout: .seconds(600))
        #expect(outcome.exitStatus == 1)
        #expect(
            outcome.standardError.contains("entry 'd") || outcome.standardError.contains("does not match its whole-file checksum"),
            "\(outcome.standardError)"
        )
    }
}
