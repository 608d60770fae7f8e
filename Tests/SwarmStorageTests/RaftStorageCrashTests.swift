import Foundation
import RaftTypes
import SwarmCrypto
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

/// kill -9 during appends, snapshots, DEK rotations and rewraps: afterwards the storage opens
/// with the right key and everything acknowledged is there and readable.
@Suite("Raft storage survives kill -9")
struct RaftStorageCrashTests {
    static let options = WriteAheadLog.Options(segmentByteCount: 64 * 1024)

    static func entryData(_ index: UInt64) -> [UInt8] {
        (0..<700).map { UInt8(truncatingIfNeeded: index &* 31 &+ UInt64($0)) }
    }

    static func snapshotContent(_ index: UInt64) -> [UInt8] {
        Array("state through \(index)".utf8) + (0..<20_000).map { UInt8(truncatingIfNeeded: index &* 7 &+ UInt64($0)) }
    }

    @Test("killed at least 100 times at random moments, the storage opens with the right key and all acknowledged data reads back")
    func killNine() throws {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let seed = random.seed
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("raft")
        let probe = BuiltProducts.executable("swarm-storage-probe")
        var protection = "none"
        var acknowledgedEntry: UInt64 = 0
        var acknowledgedSnapshot: UInt64 = 0
        var steps = 0
        for round in KillRounds.all where KillRounds.wanted(round, enoughProgress: acknowledgedEntry > 1000 && steps > 20) {
            let child = try KilledChild.run(probe, [directory.string, "\(random.next())"], lifetime: 0.01...0.15, random: &random)
            #expect(child.died, "round \(round): the child did not die")
            #expect(child.standardError.isEmpty, "seed \(seed), round \(round): \(child.standardError)")
            let output = child.standardOutput
            for line in output.split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.count == 2, words[0] == "entries", let index = UInt64(words[1]) { acknowledgedEntry = max(acknowledgedEntry, index) }
                if words.count == 2, words[0] == "snapshot", let index = UInt64(words[1]) { acknowledgedSnapshot = max(acknowledgedSnapshot, index) }
                if words.first == "ok" { steps += 1 }
            }
            let (allowed, settled) = KeyStoreCrashTests.allowedProtections(after: output, previous: protection)
            let opened = allowed.compactMap { name in
                (try? RaftStorage(directory: directory, unlockKey: TestUnlockKeys.byName[name], logOptions: Self.options)).map { (name, $0) }
            }
            guard let (name, storage) = opened.first else {
                let reasons = allowed.map { name in
                    do {
                        _ = try RaftStorage(directory: directory, unlockKey: TestUnlockKeys.byName[name], logOptions: Self.options)
                        return "\(name): opened"
                    } catch {
                        return "\(name): \(error)"
                    }
                }
                Issue.record("seed \(seed), round \(round): \(reasons)")
                #expect(acknowledgedEntry == 0 && !FileManager.default.fileExists(atPath: directory.appending("keys").string), "seed \(seed), round \(round): opens with none of \(allowed)")
                continue
            }
            protection = name == settled || allowed.count == 1 ? settled : name
            let context = "seed \(seed), round \(round)"
            let snapshot = try storage.snapshots.latest()
            let snapshotIndex = snapshot?.index.rawValue ?? 0
            #expect(snapshotIndex >= acknowledgedSnapshot, "\(context): acknowledged snapshot \(acknowledgedSnapshot) is gone")
            if let snapshot {
                #expect(try storage.contents(of: snapshot) == Self.snapshotContent(snapshotIndex), "\(context)")
            }
            #expect(storage.log.firstIndex.rawValue <= snapshotIndex + 1, "\(context): a gap between the snapshot and the log")
            #expect(max(storage.log.lastIndex.rawValue, snapshotIndex) >= acknowledgedEntry, "\(context): acknowledged entry \(acknowledgedEntry) is gone")
            let first = max(storage.log.firstIndex.rawValue, snapshotIndex + 1)
            if first <= storage.log.lastIndex.rawValue {
                let entries = try storage.log.entries(in: LogIndex(first)..<storage.log.lastIndex.next)
                #expect(entries.map(\.data) == (first...storage.log.lastIndex.rawValue).map(Self.entryData), "\(context)")
            }
            storage.close()
        }
        #expect(acknowledgedEntry > 1000 && steps > 20, "the children made too little progress to test anything")
    }
}
