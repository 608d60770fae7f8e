/// Makes hostile inputs for decoder property tests: random bytes, and valid inputs damaged the
/// ways storage and copy-paste damage them (bit flips, overwritten, inserted or deleted bytes,
/// truncation, duplication).
public struct InputMutator {
    /// The generator every choice comes from; its seed replays the whole sequence.
    public var random: SeededRandomNumberGenerator

    /// A mutator drawing every choice from `random`.
    public init(random: SeededRandomNumberGenerator) {
        self.random = random
    }

    /// Random bytes of a random length up to `maximumLength`.
    public mutating func randomBytes(maximumLength: Int) -> [UInt8] {
        random.bytes(count: Int.random(in: 0...maximumLength, using: &random))
    }

    /// `valid` with one to four random mutations applied; never equal to `valid`.
    public mutating func mutate(_ valid: [UInt8]) -> [UInt8] {
        var input = valid
        // Bounded: each round changes the input with high probability; the last resort appends.
        for _ in 0..<8 {
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                applyOneMutation(to: &input)
            }
            if input != valid { return input }
        }
        return valid + [0]
    }

    private mutating func applyOneMutation(to input: inout [UInt8]) {
        let position = input.isEmpty ? 0 : Int.random(in: 0..<input.count, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0 where !input.isEmpty:
            input[position] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 1 where !input.isEmpty:
            input[position] = UInt8.random(in: .min ... .max, using: &random)
        case 2:
            input.insert(contentsOf: random.bytes(count: Int.random(in: 1...16, using: &random)), at: position)
        case 3 where !input.isEmpty:
            let end = min(input.count, position + Int.random(in: 1...16, using: &random))
            input.removeSubrange(position..<end)
        case 4:
            input = Array(input.prefix(position))
        case 5 where !input.isEmpty:
            let end = min(input.count, position + Int.random(in: 1...32, using: &random))
            input.insert(contentsOf: input[position..<end], at: end)
        default:
            input.append(contentsOf: random.bytes(count: Int.random(in: 1...8, using: &random)))
        }
    }
}
