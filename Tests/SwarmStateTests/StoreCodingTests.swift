import Foundation
import SwarmState
import SwarmTesting
import Testing

/// The store's binary encoding: every `Codable` shape the store's types use comes back equal,
/// with numbers, dates and payloads bit for bit; damaged bytes throw, never crash; a wrong type
/// is named by its key.
@Suite("Store binary coding")
struct StoreCodingTests {
    enum Shape: Codable, Hashable {
        case empty
        case pair(String, id: Int64)
        case nested(Sample)
    }

    struct Sample: Codable, Hashable {
        var name: String
        var optional: String?
        var missing: Int?
        var flags: [Bool]
        var optionals: [Int?]
        var labels: [String: String]
        var counts: [Int: UInt8]
        var payload: Data
        var created: Date
        var ratio: Double
        var smallFloat: Float
        var extremes: [Int64]
        var largest: UInt64
        var shapes: [Shape]
        var parent: Parent
    }

    /// Encodes through a nested container and super-encoders (one under a key its coding keys
    /// cannot name), as hand-written conformances do.
    struct Parent: Codable, Hashable {
        var inner: [String]
        var base: String
        var root = 7

        enum Keys: String, CodingKey { case inner, base }
        enum InnerKeys: String, CodingKey { case list }

        init(inner: [String], base: String, root: Int = 7) {
            self.inner = inner
            self.base = base
            self.root = root
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            var list = try container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner).nestedUnkeyedContainer(forKey: .list)
            var inner: [String] = []
            while !list.isAtEnd { inner.append(try list.decode(String.self)) }
            self.inner = inner
            base = try container.superDecoder(forKey: .base).singleValueContainer().decode(String.self)
            root = try container.superDecoder().singleValueContainer().decode(Int.self)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var inner = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
            var list = inner.nestedUnkeyedContainer(forKey: .list)
            for item in self.inner { try list.encode(item) }
            var base = container.superEncoder(forKey: .base).singleValueContainer()
            try base.encode(self.base)
            var root = container.superEncoder().singleValueContainer()
            try root.encode(self.root)
        }
    }

    static let sample = Sample(
        name: "ünïcode ✓ and \"quotes\"",
        optional: "",
        missing: nil,
        flags: [true, false],
        optionals: [1, nil, -3],
        labels: Dictionary(uniqueKeysWithValues: (0..<40).map { ("label.\($0)", "value \($0)") }),
        counts: [7: 255, -1: 0],
        payload: Data([0, 0xFF, 0x80, 0x0A]),
        created: Date(timeIntervalSinceReferenceDate: 806_321_234.567_891_234),
        ratio: -0.0,
        smallFloat: 1.5,
        extremes: [.min, -1, 0, 1, .max],
        largest: .max,
        shapes: [.empty, .pair("a", id: -42), .nested(Sample.minimal)],
        parent: Parent(inner: ["x", "y"], base: "base", root: -9)
    )

    @Test("every shape round-trips equal, dates and doubles bit for bit")
    func roundTrip() throws {
        let bytes = try StoreCoding.encode(Self.sample)
        let decoded = try StoreCoding.decode(Sample.self, from: bytes)
        #expect(decoded == Self.sample)
        #expect(decoded.created.timeIntervalSinceReferenceDate.bitPattern == Self.sample.created.timeIntervalSinceReferenceDate.bitPattern)
        #expect(decoded.ratio.sign == .minus)
    }

    @Test("a value of the wrong type or a missing key is an error that names the key")
    func wrongTypesNameTheirKey() throws {
        struct Named: Codable { var name: Int }
        struct Other: Codable { var other: String }
        let bytes = try StoreCoding.encode(["name": "not a number"])
        #expect(throws: BinaryDecodingError.self) { try StoreCoding.decode(Named.self, from: bytes) }
        do {
            _ = try StoreCoding.decode(Named.self, from: bytes)
        } catch {
            #expect("\(error)".contains("name"), "\(error)")
        }
        do {
            _ = try StoreCoding.decode(Other.self, from: bytes)
            Issue.record("decoding a missing key succeeded")
        } catch {
            #expect("\(error)".contains("other"), "\(error)")
        }
        #expect(throws: BinaryDecodingError.self) { try StoreCoding.decode(UInt8.self, from: try StoreCoding.encode(256)) }
    }

    @Test("damaged or random bytes throw or decode, and never crash or read past the end")
    func damagedInput() throws {
        var mutator = InputMutator(random: SeededRandomNumberGenerator.fromEnvironment())
        let seed = mutator.random.seed
        let valid = try StoreCoding.encode(Self.sample)
        for cut in 0..<valid.count {
            #expect(throws: (any Error).self, "seed \(seed): \(cut) of \(valid.count) bytes decoded") {
                try StoreCoding.decode(Sample.self, from: valid[..<cut])
            }
        }
        for _ in 0..<2_000 {
            _ = try? StoreCoding.decode(Sample.self, from: mutator.mutate(valid))
            _ = try? StoreCoding.decode(Sample.self, from: mutator.randomBytes(maximumLength: 64))
        }
    }
}

extension StoreCodingTests.Sample {
    static let minimal = Self(
        name: "", optional: nil, missing: nil, flags: [], optionals: [], labels: [:], counts: [:], payload: Data(),
        created: Date(timeIntervalSince1970: 0), ratio: .infinity, smallFloat: 0, extremes: [], largest: 0, shapes: [],
        parent: .init(inner: [], base: "")
    )
}
