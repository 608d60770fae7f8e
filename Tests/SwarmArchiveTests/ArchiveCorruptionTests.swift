import Foundation
import SwarmArchive
import SwarmTesting
import SystemPackage
import Testing

@Suite("Archive reader detects damage and hostile archives")
struct ArchiveCorruptionTests {
    /// The entry an error blames, if it names one.
    static func blamedEntry(_ error: any Error) -> String? {
        switch error as? ArchiveError {
        case .damagedEntry(_, let entry, _), .checksumMismatch(_, let entry), .missingChecksum(_, let entry),
            .unexpectedEntry(_, let entry, _):
            entry
        case .damagedHeader(_, let previous, _), .truncated(_, let previous):
            previous
        default:
            nil
        }
    }

    /// An archive of `fileCount` random files of `fileByteCount` bytes, and its entry paths.
    static func makeArchive(in scratch: ScratchDirectory, fileCount: Int, fileByteCount: Int) throws -> (FilePath, Set<String>) {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let source = scratch.appending("source")
        var paths: Set<String> = []
        for index in 0..<fileCount {
            let path = "dir\(index / 50)/file\(index)"
            try ArchiveFixtures.writeFile(source.appending(path), random.bytes(count: fileByteCount))
            paths.insert(path)
            paths.insert("dir\(index / 50)")
        }
        let archive = scratch.appending("a.tar.zst")
        let writer = try ArchiveWriter(creatingAt: archive)
        try writer.addTree(at: source)
        try writer.finish()
        return (archive, paths)
    }

    @Test("a byte corrupted anywhere in the middle fails the read with an error naming an entry")
    func corruptedMiddleByte() throws {
        let scratch = try ScratchDirectory()
        let (archive, paths) = try Self.makeArchive(in: scratch, fileCount: 300, fileByteCount: 16 * 1024)
        let original = try ArchiveFixtures.contents(of: archive)
        let damaged = scratch.appending("damaged.tar.zst")
        for step in 0..<16 {
            let offset = original.count / 4 + step * (original.count / 2) / 16
            var bytes = original
            bytes[offset] ^= 0x5A
            try? FileManager.default.removeItem(atPath: damaged.string)
            try Data(bytes).write(to: URL(fileURLWithPath: damaged.string))
            #expect(performing: {
                _ = try ArchiveFixtures.readAll(damaged)
            }, throws: { error in
                guard let entry = Self.blamedEntry(error) else { return false }
                return paths.contains(entry) && "\(error)".contains("'\(entry)'")
            })
        }
    }

    @Test("every truncation of an archive is detected")
    func everyTruncationDetected() throws {
        let scratch = try ScratchDirectory()
        let (archive, _) = try Self.makeArchive(in: scratch, fileCount: 3, fileByteCount: 100)
        let original = try ArchiveFixtures.contents(of: archive)
        let truncated = scratch.appending("truncated.tar.zst")
        for length in 0..<original.count {
            try? FileManager.default.removeItem(atPath: truncated.string)
            try Data(original.prefix(length)).write(to: URL(fileURLWithPath: truncated.string))
            #expect(throws: ArchiveError.self, "length \(length) of \(original.count)") {
                _ = try ArchiveFixtures.readAll(truncated)
            }
        }
    }

    @Test("after an error the reader keeps reporting it instead of reading on")
    func errorsAreSticky() throws {
        let scratch = try ScratchDirectory()
        let (archive, _) = try Self.makeArchive(in: scratch, fileCount: 20, fileByteCount: 4096)
        var bytes = try ArchiveFixtures.contents(of: archive)
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: archive.string + ".bad"))
        let reader = try ArchiveReader(contentsOf: FilePath(archive.string + ".bad"))
        let first = #expect(throws: ArchiveError.self) {
            while try reader.nextEntry() != nil {}
        }
        let second = #expect(throws: ArchiveError.self) { try reader.nextEntry() }
        #expect(first.map { "\($0)" } == second.map { "\($0)" })
    }

    /// Runs `script` with /bin/sh in `directory`, failing the test if it fails.
    static func shell(_ script: String, in directory: FilePath) throws {
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "set -e; cd '\(directory)'; \(script)"])
        #expect(outcome.exitStatus == 0, "\(outcome.standardError)")
    }

    @Test("hostile tar archives (parent paths, absolute paths, links) are refused and nothing escapes")
    func hostileArchivesRefused() throws {
        let scratch = try ScratchDirectory()
        try ArchiveFixtures.writeFile(scratch.appending("make/evil"), Array("owned".utf8))
        let tars = [
            ("parent.tar.zst", "tar -P --transform 's,^evil,../evil,' --zstd -cf ../parent.tar.zst evil"),
            ("absolute.tar.zst", "tar -P --transform 's,^evil,/tmp/evil-swarmd-test,' --zstd -cf ../absolute.tar.zst evil"),
            ("symlink.tar.zst", "ln -s /etc/passwd link && tar --zstd -cf ../symlink.tar.zst link"),
        ]
        for (name, script) in tars {
            try Self.shell(script, in: scratch.appending("make"))
            let destination = try scratch.makeDirectory("out-\(name)")
            #expect(performing: {
                try ArchiveReader(contentsOf: scratch.appending(name)).extractAll(into: destination)
            }, throws: { error in
                guard case ArchiveError.unexpectedEntry = error else { return false }
                return true
            })
            #expect(try FileManager.default.contentsOfDirectory(atPath: destination.string).isEmpty, "\(name)")
        }
        #expect(!ArchiveFixtures.exists(scratch.appending("evil")))
        #expect(!ArchiveFixtures.exists("/tmp/evil-swarmd-test"))
    }

    @Test("a hard link, even one that carries data, is refused before anything is extracted")
    func hardLinkRefused() throws {
        let scratch = try ScratchDirectory()
        let archive = scratch.appending("link.tar.zst")
        try HostileArchive.write(to: archive, entries: [
            .init(path: "state.json", hardLinkTarget: "/etc/shadow", data: Array("{}".utf8)),
        ])
        let destination = try scratch.makeDirectory("out")
        #expect(performing: {
            try ArchiveReader(contentsOf: archive).extractAll(into: destination)
        }, throws: { error in
            guard case ArchiveError.unexpectedEntry(_, "state.json", .notFileOrDirectory) = error else { return false }
            return true
        })
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.string).isEmpty)
    }

    @Test("a file that fails verification during extraction is removed, not left half-written")
    func failedFileRemovedOnExtraction() throws {
        let scratch = try ScratchDirectory()
        let archive = scratch.appending("forged.tar.zst")
        try HostileArchive.write(to: archive, entries: [
            .init(path: "raft/wal.bin", data: [UInt8](repeating: 7, count: 5000)),
            .init(path: ".swarm-archive/sha256/raft/wal.bin", data: Array("\(String(repeating: "0", count: 64))  raft/wal.bin\n".utf8)),
        ])
        let destination = try scratch.makeDirectory("out")
        #expect(performing: {
            try ArchiveReader(contentsOf: archive).extractAll(into: destination)
        }, throws: { error in
            guard case ArchiveError.checksumMismatch(_, "raft/wal.bin") = error else { return false }
            return true
        })
        #expect(!ArchiveFixtures.exists(destination.appending("raft/wal.bin")))
    }

    @Test("a tar written by another tool, without checksum records, is refused by name")
    func foreignTarRefused() throws {
        let scratch = try ScratchDirectory()
        try ArchiveFixtures.writeFile(scratch.appending("make/state.json"), Array("{}".utf8))
        try ArchiveFixtures.writeFile(scratch.appending("make/tasks.db"), [1, 2, 3])
        try Self.shell("tar --zstd -cf ../foreign.tar.zst state.json tasks.db", in: scratch.appending("make"))
        #expect(performing: {
            _ = try ArchiveFixtures.readAll(scratch.appending("foreign.tar.zst"))
        }, throws: { error in
            guard case ArchiveError.missingChecksum(_, "state.json") = error else { return false }
            return true
        })
    }

    @Test("extraction refuses a destination that is not empty")
    func extractionNeedsEmptyDirectory() throws {
        let scratch = try ScratchDirectory()
        let (archive, _) = try Self.makeArchive(in: scratch, fileCount: 1, fileByteCount: 10)
        #expect(performing: {
            try ArchiveReader(contentsOf: archive).extractAll(into: scratch.path)
        }, throws: { error in
            guard case ArchiveError.extractionDestinationNotEmpty = error else { return false }
            return true
        })
    }
}
