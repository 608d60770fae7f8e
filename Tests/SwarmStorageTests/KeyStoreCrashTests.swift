import Foundation
import SwarmCrypto
import SwarmFileSystem
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

/// kill -9 during key store changes: after every crash the store opens with the protection of
/// the last finished step or of the step in flight, and every data file opens with its key.
@Suite("Key store survives kill -9")
struct KeyStoreCrashTests {

    /// The protections the store may have after the child's output: that of the last finished
    /// `protect` step, and that of one in flight.
    static func allowedProtections(after output: String, previous: String) -> (allowed: Set<String>, settled: String) {
        var settled = previous
        var inFlight: String?
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            if words.first == "op", words.count == 4, words[2] == "protect" { inFlight = words[3] }
            if words.first == "ok", let target = inFlight {
                settled = target
                inFlight = nil
            }
            if words.first == "op", words[2] != "protect" { inFlight = nil }
        }
        return (Set([settled] + (inFlight.map { [$0] } ?? [])), settled)
    }

    @Test("killed at least 100 times while rewrapping and rotating keys, the store opens with the right key and all data opens")
    func killNineDuringKeyChanges() throws {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let seed = random.seed
        let scratch = try ScratchDirectory()
        let directory = try scratch.makeDirectory("keys")
        let probe = BuiltProducts.executable("swarm-keystore-probe")
        var protection = "none"
        var steps = 0
        for round in KillRounds.all where KillRounds.wanted(round, enoughProgress: steps > 200) {
            let child = try KilledChild.run(probe, [directory.string, "\(random.next())"], lifetime: 0.002...0.06, random: &random)
            #expect(child.died, "round \(round): the child did not die")
            #expect(child.standardError.isEmpty, "seed \(seed), round \(round): \(child.standardError)")
            let output = child.standardOutput
            steps += output.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count
            guard KeyStore.exists(in: directory) else {
                // Killed while creating the store: nothing was acknowledged yet.
                #expect(steps == 0, "seed \(seed), round \(round): the key store vanished")
                continue
            }
            let (allowed, settled) = Self.allowedProtections(after: output, previous: protection)
            let opened = allowed.compactMap { name in
                (try? KeyStore.open(in: directory, unlockKey: TestUnlockKeys.byName[name])).map { (name, $0) }
            }
            guard let (name, store) = opened.first else {
                Issue.record("seed \(seed), round \(round): the store opens with none of \(allowed)")
                return
            }
            protection = name == settled || allowed.count == 1 ? settled : name
            let ring = store.ring
            for file in try FileSystemCalls.sortedNames(in: directory) where file.hasPrefix("data-") && !file.hasSuffix(".tmp") {
                let id = String(file.dropFirst(5))
                let key = ring.identifiers.first { "\($0)" == id }.flatMap { ring.key(for: $0) }
                let sealed = Array(try Data(contentsOf: URL(fileURLWithPath: directory.appending(file).string)))
                #expect(key != nil, "seed \(seed), round \(round): no key for \(file)")
                if let key {
                    #expect(throws: Never.self, "seed \(seed), round \(round): \(file) does not open") {
                        _ = try AEAD.open(sealed, associatedData: Array(id.utf8), key: key.key)
                    }
                }
            }
        }
        #expect(steps > 200, "the children made too little progress to test anything")
    }
}
