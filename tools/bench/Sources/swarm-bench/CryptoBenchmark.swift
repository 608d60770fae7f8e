import ArgumentParser
import CBenchBaselines
import SwarmCrypto

/// `swarm-bench crypto`: `AEAD.seal`/`open` (the buffer API snapshots use) against libsodium's
/// own XChaCha20-Poly1305 called from C and against `memcpy` of the same bytes, and
/// `RecordSealer` (what the WAL seals with: AES-256-GCM where the CPU has AES instructions).
struct CryptoBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crypto",
        abstract: "AEAD and RecordSealer throughput for 256 B and 64 KiB records vs raw libsodium and memcpy."
    )

    @Flag(help: "Fewer rounds; still measures every figure.")
    var quick = false

    func run() {
        let key = SecretKey.random()
        var report = BenchmarkReport(
            title: "crypto: XChaCha20-Poly1305 (AEAD) and RecordSealer seal/open",
            columns: ["record", "variant", "ns/op", "MB/s", "vs C"]
        )
        for recordByteCount in [256, 65536] {
            measure(recordByteCount: recordByteCount, key: key, into: &report)
        }
        report.emit()
    }

    private func measure(recordByteCount: Int, key: SecretKey, into report: inout BenchmarkReport) {
        let plaintext = [UInt8](repeating: 0xA5, count: recordByteCount)
        var envelope = [UInt8](repeating: 0, count: AEAD.sealedByteCount(plaintextByteCount: recordByteCount))
        var output = [UInt8](repeating: 0, count: recordByteCount + AEAD.overheadByteCount)
        let sealed = AEAD.seal(plaintext, key: key)
        let sealer = RecordSealer(key: key)
        let recordSealed = [UInt8](unsafeUninitializedCapacity: envelope.count) { buffer, count in
            plaintext.withUnsafeBytes { sealer.seal($0, associatedData: UnsafeRawBufferPointer(start: nil, count: 0), into: UnsafeMutableRawBufferPointer(buffer)) }
            count = buffer.count
        }
        let variants = [
            PairedMeasurement.Variant(name: "memcpy") { iterations in
                swarm_bench_memcpy_loop(&output, plaintext, recordByteCount, iterations)
            },
            PairedMeasurement.Variant(name: "C seal") { iterations in
                key.withUnsafeBytes { keyBytes in
                    swarm_bench_sodium_seal_loop(&output, plaintext, recordByteCount, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), iterations)
                }
            },
            PairedMeasurement.Variant(name: "AEAD.seal") { iterations in
                plaintext.withUnsafeBytes { input in
                    envelope.withUnsafeMutableBytes { envelopeBytes in
                        for _ in 0..<iterations {
                            AEAD.seal(input, associatedData: UnsafeRawBufferPointer(start: nil, count: 0), key: key, into: envelopeBytes)
                        }
                    }
                }
            },
            PairedMeasurement.Variant(name: "C open") { iterations in
                let failures = key.withUnsafeBytes { keyBytes in
                    swarm_bench_sodium_open_loop(&output, plaintext, recordByteCount, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), iterations)
                }
                precondition(failures == 0, "libsodium failed to open its own record")
            },
            PairedMeasurement.Variant(name: "AEAD.open") { iterations in
                Self.openRepeatedly(sealed, into: &output, plaintextByteCount: recordByteCount, iterations: iterations) { envelope, target throws(EnvelopeError) in
                    try AEAD.open(envelope, associatedData: UnsafeRawBufferPointer(start: nil, count: 0), key: key, into: target)
                }
            },
            PairedMeasurement.Variant(name: "RecordSealer.seal") { iterations in
                plaintext.withUnsafeBytes { input in
                    envelope.withUnsafeMutableBytes { envelopeBytes in
                        for _ in 0..<iterations {
                            sealer.seal(input, associatedData: UnsafeRawBufferPointer(start: nil, count: 0), into: envelopeBytes)
                        }
                    }
                }
            },
            PairedMeasurement.Variant(name: "RecordSealer.open") { iterations in
                Self.openRepeatedly(recordSealed, into: &output, plaintextByteCount: recordByteCount, iterations: iterations) { envelope, target throws(EnvelopeError) in
                    try RecordSealer.open(envelope, associatedData: UnsafeRawBufferPointer(start: nil, count: 0), key: key, into: target)
                }
            },
        ]
        let measurement = PairedMeasurement(
            variants: variants,
            rounds: quick ? 7 : 21,
            targetRoundNanoseconds: quick ? 30_000_000 : 80_000_000
        )
        let samples = measurement.run()
        let medians = samples.map(PairedMeasurement.median)
        let megabytesPerSecond = medians.map { Double(recordByteCount) / $0 * 1000 }
        let sealOverhead = (PairedMeasurement.medianRatio(samples[2], to: samples[1]) - 1) * 100
        let openOverhead = (PairedMeasurement.medianRatio(samples[4], to: samples[3]) - 1) * 100
        let versusC: [String] = ["", "", BenchmarkReport.format(sealOverhead) + " %", "", BenchmarkReport.format(openOverhead) + " %", "", ""]
        for (index, variant) in variants.enumerated() {
            report.addRow([
                "\(recordByteCount) B", variant.name, BenchmarkReport.format(medians[index]),
                BenchmarkReport.format(megabytesPerSecond[index]), versusC[index],
            ])
        }
        let suffix = "_\(recordByteCount)"
        report.addFigure("memcpy_mb_per_s" + suffix, megabytesPerSecond[0])
        report.addFigure("c_seal_mb_per_s" + suffix, megabytesPerSecond[1])
        report.addFigure("aead_seal_mb_per_s" + suffix, megabytesPerSecond[2])
        report.addFigure("aead_seal_overhead_vs_c_pct" + suffix, sealOverhead)
        report.addFigure("c_open_mb_per_s" + suffix, megabytesPerSecond[3])
        report.addFigure("aead_open_mb_per_s" + suffix, megabytesPerSecond[4])
        report.addFigure("aead_open_overhead_vs_c_pct" + suffix, openOverhead)
        report.addFigure("aead_seal_vs_memcpy_ratio" + suffix, medians[2] / medians[0])
        report.addFigure("record_seal_mb_per_s" + suffix, megabytesPerSecond[5])
        report.addFigure("record_open_mb_per_s" + suffix, megabytesPerSecond[6])
        report.addFigure("record_seal_vs_aead_seal_ratio" + suffix, PairedMeasurement.medianRatio(samples[5], to: samples[2]))
    }

    /// Opens `envelope` `iterations` times into the first `plaintextByteCount` bytes of `output`.
    private static func openRepeatedly(
        _ envelope: [UInt8],
        into output: inout [UInt8],
        plaintextByteCount: Int,
        iterations: Int,
        open: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) throws(EnvelopeError) -> Void
    ) {
        envelope.withUnsafeBytes { envelopeBytes in
            output.withUnsafeMutableBytes { plaintextBytes in
                let target = UnsafeMutableRawBufferPointer(rebasing: plaintextBytes[..<plaintextByteCount])
                for _ in 0..<iterations {
                    do {
                        try open(envelopeBytes, target)
                    } catch {
                        preconditionFailure("a record failed to open after sealing: \(error)")
                    }
                }
            }
        }
    }
}
