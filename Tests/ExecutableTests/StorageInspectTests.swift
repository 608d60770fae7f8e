import Crypto
import Foundation
import RaftTypes
import SwarmCrypto
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

/// `swarmd storage inspect` against a real autolocked storage directory.
@Suite("swarmd storage inspect")
struct StorageInspectTests {
    static let marker = "SWARMD-INSPECT-MARKER"

    /// SHA-256 of every file under `directory`, by path: proof that nothing was written.
    static func fingerprint(_ directory: FilePath) throws -> [String: String] {
        var result: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: directory.string)
        while let relative = walker?.nextObject() as? String {
            let path = directory.appending(relative).string
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            result[relative] = SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).description
        }
        return result
    }

    @Test("summarises segments, snapshots and keys, locked or not, without writing or revealing anything")
    func inspect() async throws {
        let scratch = try ScratchDirectory()
        let dataDirectory = try scratch.makeDirectory("data")
        let unlockKey = UnlockKey.generate()
        do {
            let storage = try RaftStorage(
                directory: dataDirectory.appending("raft"), unlockKey: nil, protectionIfNew: .unlockKey(unlockKey),
                logOptions: WriteAheadLog.Options(segmentByteCount: 64 * 1024)
            )
            let entries = (UInt64(1)...200).map { LogEntry(index: LogIndex($0), term: Term(2), data: Array("\(Self.marker) \($0)".utf8) + [UInt8](repeating: 7, count: 900)) }
            try await storage.log.append(entries: entries, hardState: HardState(term: Term(2), vote: RaftMemberID(5), commit: LogIndex(190)))
            _ = try await storage.saveSnapshot(index: LogIndex(150), term: Term(2), contents: [Array(Self.marker.utf8)].async)
            storage.close()
        }
        // A file an operator left beside the segments: listed, never read as part of the log.
        try Data("copied here by hand\n".utf8).write(to: URL(fileURLWithPath: dataDirectory.appending("raft/wal/notes.txt").string))
        let keyFile = scratch.appending("unlock-key")
        try Data((unlockKey.revealedText() + "\n").utf8).write(to: URL(fileURLWithPath: keyFile.string))
        let before = try Self.fingerprint(dataDirectory)
        let swarmd = BuiltProducts.executable("swarmd")

        let locked = try ChildProcess.run(swarmd, ["storage", "inspect", "--data-dir", dataDirectory.string])
        #expect(locked.exitStatus == 0, "\(locked.standardError)")
        #expect(locked.standardOutput.contains("keys: LOCKED"))
        #expect(locked.standardOutput.contains("log: not replayed"))
        #expect(locked.standardOutput.contains("index 150, term 2"))

        let unlocked = try ChildProcess.run(swarmd, ["storage", "inspect", "--data-dir", dataDirectory.string, "--unlock-key-file", keyFile.string])
        #expect(unlocked.exitStatus == 0, "\(unlocked.standardError)")
        let output = unlocked.standardOutput
        #expect(output.contains("keys: autolocked"))
        #expect(output.contains("log: entries 151…200; hard state term 2, vote 5, commit 190"))
        #expect(output.contains("records end cleanly"))
        #expect(output.contains("notes.txt") && output.contains("not part of the log"))

        let badKeyFile = scratch.appending("bad-key")
        try Data("SWMKEY-1-not-a-key\n".utf8).write(to: URL(fileURLWithPath: badKeyFile.string))
        let wrong = try ChildProcess.run(swarmd, ["storage", "inspect", "--data-dir", dataDirectory.string, "--unlock-key-file", badKeyFile.string])
        #expect(wrong.exitStatus != 0)
        #expect(wrong.standardError.contains("invalid unlock key"))

        for text in [locked.standardOutput, output, locked.standardError, unlocked.standardError] {
            #expect(!text.contains(Self.marker))
            #expect(!text.contains(String(unlockKey.revealedText().dropFirst(9).prefix(12))))
        }
        #expect(try Self.fingerprint(dataDirectory) == before)
    }
}
