import Foundation
import RaftTypes
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

/// kill -9 under load: nothing acknowledged is ever lost.
@Suite("Write-ahead log survives kill -9")
struct WriteAheadLogCrashTests {
    @Test("killed at least 100 times at random moments while appending, every acknowledged entry is present and intact")
    func killNineUnderLoad() throws {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let seed = random.seed
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let probe = BuiltProducts.executable("swarm-wal-probe")
        var acknowledgedTotal = 0
        for round in KillRounds.all where KillRounds.wanted(round, enoughProgress: acknowledgedTotal > 1000) {
            let child = try KilledChild.run(probe, [directory.string, "32", "\(256 * 1024)"], lifetime: 0.005...0.12, random: &random)
            #expect(child.died, "round \(round): the child did not die")
            #expect(child.standardError.isEmpty, "round \(round): \(child.standardError)")
            let acknowledged = child.standardOutput.split(separator: "\n").compactMap { UInt64($0) }
            acknowledgedTotal += acknowledged.count
            let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: .init(segmentByteCount: 256 * 1024))
            if let highest = acknowledged.max() {
                #expect(log.lastIndex.rawValue >= highest, "seed \(seed), round \(round): acknowledged \(highest), log ends at \(log.lastIndex)")
                let stored = try log.entries(in: LogIndex(1)..<log.lastIndex.next)
                #expect(stored == WALFixtures.entries(1...log.lastIndex.rawValue), "seed \(seed), round \(round)")
            }
            log.close()
        }
        #expect(acknowledgedTotal > 1000, "the children made too little progress to test anything")
    }
}
