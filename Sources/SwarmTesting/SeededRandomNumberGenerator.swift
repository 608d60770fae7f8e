#if canImport(Glibc)
import Glibc
#endif

/// A deterministic random generator (SplitMix64) for tests: one `UInt64` seed replays a run.
///
/// Tests take their seed from `SWARMD_SEED` when set, otherwise from a fresh random value, and
/// print it on failure, so `SWARMD_SEED=… swift test --filter …` reproduces any failure.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
    /// The seed this generator started from.
    public let seed: UInt64
    private var state: UInt64

    /// A generator that replays `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    /// A generator seeded from `SWARMD_SEED` if set, else from the system's randomness.
    public static func fromEnvironment() -> SeededRandomNumberGenerator {
        if let text = getenv("SWARMD_SEED").map({ String(cString: $0) }), let seed = UInt64(text) {
            return SeededRandomNumberGenerator(seed: seed)
        }
        return SeededRandomNumberGenerator(seed: UInt64.random(in: .min ... .max))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// `count` random bytes, eight per step of the generator (fast enough for 100 MiB trees).
    public mutating func bytes(count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            var offset = 0
            while offset < count {
                let word = next()
                let take = min(8, count - offset)
                withUnsafeBytes(of: word) { wordBytes in
                    for index in 0..<take { buffer[offset + index] = wordBytes[index] }
                }
                offset += take
            }
            initializedCount = count
        }
    }
}
