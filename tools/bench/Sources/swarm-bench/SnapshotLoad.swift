import Foundation
import RaftTypes
import SwarmStorage
import SystemPackage

/// Writes one large snapshot through `SnapshotStore` and measures its speed and memory.
enum SnapshotLoad {
    struct Result {
        let megabytesPerSecond: Double
        let peakAboveBaselineMiB: Double
    }

    static func run(in directory: FilePath, byteCount: Int) throws -> Result {
        let snapshotDirectory = directory.appending("snap")
        defer { try? FileManager.default.removeItem(atPath: snapshotDirectory.string) }
        let store = try SnapshotStore(directory: snapshotDirectory)
        var random = SystemRandomNumberGenerator()
        let piece = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let baselineKiB = ProcessMemory.residentKiB
        let clock = ContinuousClock()
        let start = clock.now
        let writer = try store.writer(index: LogIndex(1_000_000), term: Term(1), key: .generate())
        var written = 0
        while written < byteCount {
            try writer.write(piece)
            written += piece.count
        }
        _ = try writer.finish()
        let seconds = DiskBaseline.seconds(clock.now - start)
        return Result(
            megabytesPerSecond: Double(written) / 1_000_000 / seconds,
            peakAboveBaselineMiB: Double(ProcessMemory.peakResidentKiB - baselineKiB) / 1024
        )
    }
}
