import Foundation
import SwarmArchive
import SwarmTesting
import SystemPackage
import Testing

@Suite("Archive round trips")
struct ArchiveRoundTripTests {
    /// Archives the sample tree; returns the source directory and the finished archive.
    static func archiveSampleTree(in scratch: ScratchDirectory) throws -> (source: FilePath, archive: FilePath, entryCount: Int) {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let source = scratch.appending("source")
        try ArchiveFixtures.makeSampleTree(at: source, random: &random)
        let archive = scratch.appending("backup.tar.zst")
        let writer = try ArchiveWriter(creatingAt: archive)
        let entryCount = try writer.addTree(at: source)
        try writer.finish()
        return (source, archive, entryCount)
    }

    @Test("a tree archived and extracted is identical: contents and empty directories")
    func treeRoundTrip() throws {
        let scratch = try ScratchDirectory()
        let (source, archive, added) = try Self.archiveSampleTree(in: scratch)

        let destination = try scratch.makeDirectory("restored")
        let extracted = try ArchiveReader(contentsOf: archive).extractAll(into: destination)

        #expect(added == 11)
        #expect(extracted == added)
        #expect(try ArchiveFixtures.digests(under: destination) == ArchiveFixtures.digests(under: source))
        #expect(try ArchiveFixtures.directories(under: destination) == ArchiveFixtures.directories(under: source))
    }

    @Test("entries come back in name order with their sizes, kinds and modification times")
    func entriesDescribeTheTree() throws {
        let scratch = try ScratchDirectory()
        let (_, archive, _) = try Self.archiveSampleTree(in: scratch)

        let entries = try ArchiveFixtures.readAll(archive)
        #expect(entries.map(\.entry.path) == [
            "certificates", "certificates/nœud-racine.crt",
            "raft", "raft/empty-dir", "raft/snap", "raft/snap/empty.snap", "raft/wal", "raft/wal/0000000000000001-0000000000000001.wal",
            "state.json",
            "worker", "worker/tasks.db",
        ])
        let state = try #require(entries.first { $0.entry.path == "state.json" })
        #expect(state.entry.kind == .file)
        #expect(state.entry.byteCount == 18)
        #expect(state.entry.modificationTimeSeconds == ArchiveFixtures.sampleModificationTimeSeconds)
        #expect(state.data == Array(#"{"role":"manager"}"#.utf8))
        #expect(entries.first { $0.entry.path == "raft" }?.entry.kind == .directory)
    }

    @Test("a file streamed from an async sequence in uneven chunks reads back byte for byte")
    func streamedEntryRoundTrip() async throws {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let content = random.bytes(count: 1_000_003)
        var chunks: [[UInt8]] = []
        var offset = 0
        while offset < content.count {
            let size = min(content.count - offset, Int.random(in: 0...70_000, using: &random))
            chunks.append(Array(content[offset..<(offset + size)]))
            offset += size
        }
        let scratch = try ScratchDirectory()
        let archive = scratch.appending("snapshot.tar.zst")
        let writer = try ArchiveWriter(creatingAt: archive)
        try await writer.addFile(
            as: "raft/snap/0000000000000002-00000000000003e8.snap", byteCount: Int64(content.count),
            modificationTimeSeconds: 1_700_000_000, contents: chunks.async
        )
        try writer.finish()

        let entries = try ArchiveFixtures.readAll(archive)
        #expect(entries.count == 1)
        #expect(entries.first?.data == content)
        #expect(entries.first?.entry.permissions == [.ownerReadWrite])
    }

    @Test("the archive appears only once finished, and an abandoned writer leaves no file behind")
    func publicationIsAtomic() throws {
        let scratch = try ScratchDirectory()
        let archive = scratch.appending("backup.tar.zst")
        do {
            let writer = try ArchiveWriter(creatingAt: archive)
            try writer.addDirectory(as: "raft", modificationTimeSeconds: 0)
            #expect(!ArchiveFixtures.exists(archive))
            #expect(ArchiveFixtures.exists(scratch.appending("backup.tar.zst.partial")))
        }
        #expect(!ArchiveFixtures.exists(archive))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path.string).isEmpty)

        let writer = try ArchiveWriter(creatingAt: archive)
        try writer.finish()
        #expect(ArchiveFixtures.exists(archive))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path.string) == ["backup.tar.zst"])
        #expect(try ArchiveFixtures.readAll(archive).isEmpty)
    }

    @Test("an existing file is never overwritten by a new archive")
    func existingDestinationIsKept() throws {
        let scratch = try ScratchDirectory()
        let archive = scratch.appending("backup.tar.zst")
        try ArchiveFixtures.writeFile(archive, [1, 2, 3])
        #expect {
            try ArchiveWriter(creatingAt: archive)
        } throws: { error in
            guard case ArchiveError.destinationExists(archive) = error else { return false }
            return "\(error)".contains("never overwritten")
        }
        #expect(try ArchiveFixtures.contents(of: archive) == [1, 2, 3])
    }

    @Test("extracted files get exactly their recorded permissions, even under a strict umask")
    func permissionsIgnoreUmask() throws {
        let scratch = try ScratchDirectory()
        let (_, archive, _) = try Self.archiveSampleTree(in: scratch)
        let restored = try scratch.makeDirectory("restored")
        // umask is per process: set it in the extracting child, not in the parallel test runner.
        let probe = BuiltProducts.executable("swarm-archive-probe")
        let outcome = try ChildProcess.run("/bin/sh", ["-c", "umask 077 && exec '\(probe)' extract '\(archive)' '\(restored)'"])
        #expect(outcome.exitStatus == 0, "\(outcome.standardError)")
        for (path, mode) in [("state.json", 0o600), ("certificates/nœud-racine.crt", 0o640), ("worker/tasks.db", 0o755)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: restored.appending(path).string)
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(path)")
        }
    }

    @Test("plain tar and sha256sum can unpack and check an archive without swarmd")
    func readableByStandardTools() throws {
        let scratch = try ScratchDirectory()
        let (_, archive, _) = try Self.archiveSampleTree(in: scratch)
        let unpacked = try scratch.makeDirectory("unpacked")
        let script = """
            set -e
            tar --zstd -xf '\(archive)' -C '\(unpacked)'
            cd '\(unpacked)'
            find .swarm-archive/sha256 -type f -exec cat {} + | sha256sum --check --strict --quiet
            find .swarm-archive/sha256 -type f | wc -l
            """
        let outcome = try ChildProcess.run("/bin/sh", ["-c", script])
        #expect(outcome.exitStatus == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "5")
    }
}
