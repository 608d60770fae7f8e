import Foundation
import SwarmFileSystem
import SystemPackage

/// The disk's own limits, measured with plain system calls: what the WAL is compared with.
enum DiskBaseline {
    struct FsyncLoop {
        let p50Microseconds: Double
        let p99Microseconds: Double
        let operationsPerSecond: Double
    }

    /// Appends 256 B records to a file written with zeros beforehand (the disk's best case: no
    /// append changes metadata), each followed by fdatasync.
    static func fdatasyncLoop(in directory: FilePath, iterations: Int) throws -> FsyncLoop {
        let path = directory.appending("fsync-loop")
        let descriptor = try FileSystemCalls.createExclusively(path, permissions: [.ownerReadWrite])
        defer {
            try? descriptor.close()
            try? FileSystemCalls.removeFile(path)
        }
        try [UInt8](repeating: 0, count: iterations * 256 + 4096).withUnsafeBytes { zeros in
            try FileSystemCalls.writeAll(descriptor, zeros, at: 0, path: path)
        }
        try FileSystemCalls.synchronize(descriptor, path: path)
        let record = [UInt8](repeating: 0xA5, count: 256)
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        let clock = ContinuousClock()
        let start = clock.now
        for iteration in 0..<iterations {
            let began = clock.now
            try record.withUnsafeBytes { bytes in
                try FileSystemCalls.writeAll(descriptor, bytes, at: Int64(iteration * 256), path: path)
            }
            try FileSystemCalls.synchronizeData(descriptor, path: path)
            samples.append(Self.microseconds(clock.now - began))
        }
        let total = clock.now - start
        samples.sort()
        return FsyncLoop(
            p50Microseconds: samples[samples.count / 2],
            p99Microseconds: samples[samples.count * 99 / 100],
            operationsPerSecond: Double(iterations) / Self.seconds(total)
        )
    }

    /// Writes `byteCount` bytes in 1 MiB writes, then fsync: megabytes per second.
    static func sequentialWrite(in directory: FilePath, byteCount: Int) throws -> Double {
        let path = directory.appending("sequential")
        let descriptor = try FileSystemCalls.createExclusively(path, permissions: [.ownerReadWrite])
        defer {
            try? descriptor.close()
            try? FileSystemCalls.removeFile(path)
        }
        let chunk = [UInt8](repeating: 0x5A, count: 1 << 20)
        let clock = ContinuousClock()
        let start = clock.now
        var written = 0
        while written < byteCount {
            try chunk.withUnsafeBytes { bytes in try FileSystemCalls.writeAll(descriptor, bytes, path: path) }
            written += chunk.count
        }
        try FileSystemCalls.synchronize(descriptor, path: path)
        return Double(written) / 1_000_000 / seconds(clock.now - start)
    }

    static func seconds(_ duration: Duration) -> Double {
        duration / .seconds(1)
    }

    static func microseconds(_ duration: Duration) -> Double {
        seconds(duration) * 1e6
    }
}
