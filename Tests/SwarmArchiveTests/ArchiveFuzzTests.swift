import Foundation
import SwarmArchive
import SwarmTesting
import SystemPackage
import Testing

/// The reader meets 10,000 random and mutated archives. It may only throw `ArchiveError` or, if a
/// mutation happened to leave the meaning intact, return exactly the original entries: never
/// crash, never return other data. Replay a failure with `SWARMD_SEED=<seed>`.
@Suite("Archive reader rejects arbitrary and mutated input")
struct ArchiveFuzzTests {
    @Test("10,000 random and mutated archives are rejected or read exactly")
    func randomAndMutatedArchives() throws {
        var mutator = InputMutator(random: .fromEnvironment())
        let seed = mutator.random.seed
        let scratch = try ScratchDirectory()
        let validPath = scratch.appending("valid.tar.zst")
        let writer = try ArchiveWriter(creatingAt: validPath)
        try writer.addDirectory(as: "raft", modificationTimeSeconds: 0)
        for (index, size) in [0, 1, 700].enumerated() {
            try ArchiveFixtures.writeFile(scratch.appending("f\(index)"), mutator.random.bytes(count: size))
            try writer.addFile(at: scratch.appending("f\(index)"), as: "raft/f\(index)")
        }
        try writer.finish()
        let valid = try ArchiveFixtures.contents(of: validPath)
        let expected = try ArchiveFixtures.readAll(validPath)
        let inputPath = scratch.appending("input.tar.zst")
        var acceptedMutations = 0
        for index in 0..<10_000 {
            let input = index.isMultiple(of: 2) ? mutator.randomBytes(maximumLength: 2048) : mutator.mutate(valid)
            try Data(input).write(to: URL(fileURLWithPath: inputPath.string))
            do {
                let entries = try ArchiveFixtures.readAll(inputPath)
                acceptedMutations += 1
                #expect(entries.map(\.entry) == expected.map(\.entry), "seed \(seed), input \(index)")
                #expect(entries.map(\.data) == expected.map(\.data), "seed \(seed), input \(index)")
            } catch {
                #expect(error is ArchiveError, "seed \(seed), input \(index): \(error)")
            }
        }
        // Mutations of compressed bytes almost always change the content; accepting many would
        // mean the checks are not looking.
        #expect(acceptedMutations < 100, "seed \(seed)")
    }
}
