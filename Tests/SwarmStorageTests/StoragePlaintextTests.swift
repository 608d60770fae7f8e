import Foundation
import RaftTypes
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

/// Nothing written through storage is readable on disk: a raw byte scan of every file finds
/// neither a marker string nor a secret that went into entries and hard state.
@Suite("Storage keeps no plaintext on disk")
struct StoragePlaintextTests {
    static let marker = Array("SWARMD-PLAINTEXT-MARKER-7c1f".utf8)
    static let secret = Array("s3cr3t-database-password-Zq81".utf8)

    /// Every file under `directory`, read whole.
    static func filesUnder(_ directory: FilePath) throws -> [(String, [UInt8])] {
        let root = URL(fileURLWithPath: directory.string)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [(String, [UInt8])] = []
        while let url = walker?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files.append((url.path, Array(try Data(contentsOf: url))))
        }
        return files
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    @Test("WAL entries and hard state carrying a marker and a secret leave neither on disk")
    func walHoldsNoPlaintext() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("wal")
        let log = try WriteAheadLog(directory: directory, keys: WALFixtures.keys, options: WALFixtures.smallSegments)
        for index in UInt64(1)...200 {
            let data = Self.marker + Array(" entry \(index) ".utf8) + Self.secret
            try await log.append(entries: [LogEntry(index: LogIndex(index), term: Term(1), data: data)], hardState: HardState(term: Term(1), vote: nil, commit: LogIndex(index)))
        }
        try await log.truncateSuffix(from: LogIndex(150))
        try await log.compact(through: LogIndex(100), term: Term(1))
        #expect(try log.entries(in: LogIndex(101)..<LogIndex(102)).first?.data.starts(with: Self.marker) == true)
        log.close()
        let files = try Self.filesUnder(directory)
        #expect(!files.isEmpty)
        for (path, bytes) in files {
            #expect(!Self.contains(bytes, Self.marker), "\(path) holds the marker in plaintext")
            #expect(!Self.contains(bytes, Self.secret), "\(path) holds the secret in plaintext")
        }
    }
}
