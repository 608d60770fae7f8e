import ArgumentParser
import Foundation
import RaftTypes
import SwarmCrypto
import SwarmFileSystem
import SwarmStorage
import Synchronization
import SystemPackage

/// `swarm-bench storage`: the write-ahead log against the disk's own limits measured in the
/// same run (an fdatasync loop and sequential bandwidth), with and without encryption.
struct StorageBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "WAL group commit, latency and reopen time vs the disk's fdatasync and bandwidth."
    )

    @Flag(help: "Shorter runs; still measures every figure.")
    var quick = false

    @Option(help: "Directory to write in (on the disk to measure).")
    var directory: String = "/var/tmp"

    func run() async throws {
        let scratch = FilePath(directory).appending("swarm-bench-storage-\(getpid())")
        try FileManager.default.createDirectory(atPath: scratch.string, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch.string) }
        var report = BenchmarkReport(title: "storage: write-ahead log", columns: ["measurement", "value", "unit"])

        // First, while this process is small: its peak memory is what the snapshot adds.
        let snapshot = try SnapshotLoad.run(in: scratch, byteCount: (quick ? 128 : 256) << 20)

        let bandwidth = try DiskBaseline.sequentialWrite(in: scratch, byteCount: (quick ? 128 : 512) << 20)
        report.addRow(["sequential write + fsync", BenchmarkReport.format(bandwidth), "MB/s"])
        report.addFigure("seq_write_mb_per_s", bandwidth)
        report.addRow(["snapshot write (\(quick ? 128 : 256) MiB, with fsync)", BenchmarkReport.format(snapshot.megabytesPerSecond), "MB/s"])
        report.addRow(["  of sequential write bandwidth", BenchmarkReport.format(snapshot.megabytesPerSecond / bandwidth * 100), "%"])
        report.addRow(["  peak memory above baseline", BenchmarkReport.format(snapshot.peakAboveBaselineMiB), "MiB"])
        report.addFigure("snapshot_write_mb_per_s", snapshot.megabytesPerSecond)
        report.addFigure("snapshot_vs_seq_write_pct", snapshot.megabytesPerSecond / bandwidth * 100)
        report.addFigure("snapshot_peak_rss_mb", snapshot.peakAboveBaselineMiB)

        let seconds = quick ? 1.5 : 4.0
        for appenders in [1, 16, 256] {
            let result = try await WALLoad.run(in: scratch, appenders: appenders, seconds: seconds, sealing: .encrypted)
            add(result, appenders: appenders, to: &report)
        }
        // 64 appenders, the headline: in every round the disk's fdatasync loop, an encrypted and
        // a plaintext run, so that the disk's and the machine's drift hit all three alike;
        // medians over the rounds, ratios and costs from per-round comparisons.
        var fsyncLoops: [DiskBaseline.FsyncLoop] = []
        var encrypted: [WALLoad.Result] = []
        var costs: [Double] = []
        var p99Ratios: [Double] = []
        for _ in 0..<(quick ? 3 : 5) {
            let fsync = try DiskBaseline.fdatasyncLoop(in: scratch, iterations: quick ? 1000 : 2000)
            let sealed = try await WALLoad.run(in: scratch, appenders: 64, seconds: seconds, sealing: .encrypted)
            let plain = try await WALLoad.run(in: scratch, appenders: 64, seconds: seconds, sealing: .plaintextForBenchmarksOnly)
            fsyncLoops.append(fsync)
            encrypted.append(sealed)
            costs.append((plain.appendsPerSecond - sealed.appendsPerSecond) / plain.appendsPerSecond * 100)
            p99Ratios.append(sealed.p99Microseconds / fsync.p99Microseconds)
        }
        let fsyncP50 = PairedMeasurement.median(fsyncLoops.map(\.p50Microseconds))
        let fsyncP99 = PairedMeasurement.median(fsyncLoops.map(\.p99Microseconds))
        let rounds = "median of \(fsyncLoops.count) rounds"
        report.addRow(["fdatasync of 256 B, p50 (\(rounds))", BenchmarkReport.format(fsyncP50), "µs"])
        report.addRow(["fdatasync of 256 B, p99 (\(rounds))", BenchmarkReport.format(fsyncP99), "µs"])
        report.addRow(["fdatasync loop (\(rounds))", BenchmarkReport.format(PairedMeasurement.median(fsyncLoops.map(\.operationsPerSecond))), "ops/s"])
        report.addFigure("fsync_p50_us", fsyncP50)
        report.addFigure("fsync_p99_us", fsyncP99)
        let median = encrypted.sorted { $0.appendsPerSecond < $1.appendsPerSecond }[encrypted.count / 2]
        add(median, appenders: 64, to: &report)
        report.addFigure("wal_p99_us_64", median.p99Microseconds)
        let p99Ratio = PairedMeasurement.median(p99Ratios)
        report.addRow(["  p99 / fdatasync p99 of the same round (\(rounds))", BenchmarkReport.format(p99Ratio), "×"])
        report.addFigure("wal_p99_vs_fsync_p99_ratio_64", p99Ratio)
        let encryptionCost = PairedMeasurement.median(costs)
        report.addRow(["encryption cost at 64 appenders (\(rounds))", BenchmarkReport.format(encryptionCost), "%"])
        report.addFigure("encryption_cost_pct", encryptionCost)

        let reopen = try await WALLoad.reopenTime(in: scratch, entryCount: 1_000_000)
        report.addRow(["reopen of 1,000,000 entries of 256 B", BenchmarkReport.format(reopen), "s"])
        report.addFigure("reopen_1m_s", reopen)
        report.emit()
    }

    private func add(_ result: WALLoad.Result, appenders: Int, to report: inout BenchmarkReport) {
        report.addRow(["WAL appends, \(appenders) appenders", BenchmarkReport.format(result.appendsPerSecond), "appends/s"])
        report.addRow(["  p50 / p99 latency", "\(BenchmarkReport.format(result.p50Microseconds)) / \(BenchmarkReport.format(result.p99Microseconds))", "µs"])
        report.addRow(["  appends per batch", BenchmarkReport.format(result.appendsPerBatch), ""])
        report.addFigure("wal_appends_per_s_\(appenders)", result.appendsPerSecond)
    }
}
