#if canImport(Glibc)
import Glibc
#endif

/// Times several variants of one operation in interleaved rounds, so that the machine's drift
/// (another process, frequency changes) hits every variant alike, and compares them per round.
struct PairedMeasurement {
    /// One way of doing the operation; `run(n)` does it `n` times.
    struct Variant {
        let name: String
        let run: (Int) -> Void
    }

    let variants: [Variant]
    let rounds: Int
    let targetRoundNanoseconds: UInt64

    /// Nanoseconds per operation of each variant in each round, indexed like `variants`.
    func run() -> [[Double]] {
        let iterations = variants.map(calibratedIterations)
        var samples = Array(repeating: [Double](), count: variants.count)
        for _ in 0..<rounds {
            for (index, variant) in variants.enumerated() {
                let start = Self.now()
                variant.run(iterations[index])
                samples[index].append(Double(Self.now() - start) / Double(iterations[index]))
            }
        }
        return samples
    }

    /// Iterations that take about `targetRoundNanoseconds`; doubling from 1 is bounded because
    /// every variant takes at least a nanosecond per call.
    private func calibratedIterations(of variant: Variant) -> Int {
        var iterations = 1
        for _ in 0..<40 {
            let start = Self.now()
            variant.run(iterations)
            let elapsed = Self.now() - start
            if elapsed >= targetRoundNanoseconds / 4 {
                return max(1, Int(Double(iterations) * Double(targetRoundNanoseconds) / Double(elapsed)))
            }
            iterations *= 2
        }
        return iterations
    }

    /// The median of `values`.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The median over rounds of `candidate[i] / baseline[i]`.
    static func medianRatio(_ candidate: [Double], to baseline: [Double]) -> Double {
        median(zip(candidate, baseline).map { $0 / $1 })
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
