import Foundation
import SwarmArchive
import SwarmFileSystem
import SwarmTesting
import SystemPackage
import Testing

@Suite("Archive writer refuses bad input")
struct ArchiveWriterErrorTests {
    static let invalidPaths: [String] = [
        "", "/etc/passwd", "a//b", "a/", "./a", "a/./b", "../a", "a/../../b", "..", ".",
        ".swarm-archive", ".swarm-archive/end", "a\nb", "tab\there",
    ]

    @Test("entry paths that are not plain relative paths are refused", arguments: invalidPaths)
    func invalidEntryPathRefused(_ path: String) throws {
        let scratch = try ScratchDirectory()
        let writer = try ArchiveWriter(creatingAt: scratch.appending("a.tar.zst"))
        #expect {
            try writer.addDirectory(as: path, modificationTimeSeconds: 0)
        } throws: { error in
            guard case ArchiveError.invalidEntryPath(path, _) = error else { return false }
            return "\(error)".contains("cannot archive")
        }
        // Refused before anything was written: the writer is still usable.
        try writer.addDirectory(as: "fine", modificationTimeSeconds: 0)
        try writer.finish()
    }

    @Test("a stream shorter or longer than declared fails the entry, and no archive is published",
          arguments: [(declared: 10, chunks: [[UInt8]]([[1, 2, 3]])), (declared: 2, chunks: [[1, 2], [3]])])
    func streamLengthMismatch(declared: Int, chunks: [[UInt8]]) async throws {
        let scratch = try ScratchDirectory()
        let archive = scratch.appending("a.tar.zst")
        let delivered = chunks.reduce(0) { $0 + $1.count }
        do {
            let writer = try ArchiveWriter(creatingAt: archive)
            await #expect {
                try await writer.addFile(as: "data", byteCount: Int64(declared), modificationTimeSeconds: 0, contents: chunks.async)
            } throws: { error in
                guard case ArchiveError.sourceLengthMismatch("data", Int64(declared), let count) = error else { return false }
                return count == Int64(delivered)
            }
            #expect {
                try writer.finish()
            } throws: { error in
                guard case ArchiveError.writerUnusable = error else { return false }
                return true
            }
        }
        #expect(!ArchiveFixtures.exists(archive))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path.string).isEmpty)
    }

    @Test("a stream that fails carries its error out, naming the entry")
    func failingStream() async throws {
        struct ConnectionReset: Error {}
        let scratch = try ScratchDirectory()
        let writer = try ArchiveWriter(creatingAt: scratch.appending("a.tar.zst"))
        let stream = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield([1, 2, 3])
            continuation.finish(throwing: ConnectionReset())
        }
        await #expect {
            try await writer.addFile(as: "raft/snap/x.snap", byteCount: 100, modificationTimeSeconds: 0, contents: stream)
        } throws: { error in
            guard case ArchiveError.sourceStreamFailed("raft/snap/x.snap", let cause) = error else { return false }
            return cause is ConnectionReset
        }
    }

    @Test("a stream that throws an archive error of its own still fails the writer")
    func streamThrowingArchiveError() async throws {
        let scratch = try ScratchDirectory()
        let writer = try ArchiveWriter(creatingAt: scratch.appending("a.tar.zst"))
        let upstream = ArchiveError.checksumMismatch(archive: "other.tar.zst", entry: "x")
        let stream = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield([1, 2, 3])
            continuation.finish(throwing: upstream)
        }
        await #expect {
            try await writer.addFile(as: "copy", byteCount: 100, modificationTimeSeconds: 0, contents: stream)
        } throws: { error in
            guard case ArchiveError.sourceStreamFailed("copy", let cause) = error else { return false }
            return cause is ArchiveError
        }
        #expect {
            try writer.finish()
        } throws: { error in
            guard case ArchiveError.writerUnusable = error else { return false }
            return true
        }
        #expect(!ArchiveFixtures.exists(scratch.appending("a.tar.zst")))
    }

    @Test("a partial archive in the way (another writer, a killed one, or a planted link) is reported, never reused")
    func partialFileInTheWay() throws {
        let scratch = try ScratchDirectory()
        let archive = scratch.appending("a.tar.zst")
        let partial = scratch.appending("a.tar.zst.partial")

        let first = try ArchiveWriter(creatingAt: archive)
        #expect {
            try ArchiveWriter(creatingAt: archive)
        } throws: { error in
            guard case ArchiveError.partialFileExists(partial) = error else { return false }
            return "\(error)".contains("delete \(partial)")
        }
        try first.finish()
        #expect(try ArchiveFixtures.readAll(archive).isEmpty)

        let other = scratch.appending("b.tar.zst")
        let victim = scratch.appending("victim")
        try ArchiveFixtures.writeFile(victim, [9, 9, 9])
        try FileManager.default.createSymbolicLink(atPath: other.string + ".partial", withDestinationPath: victim.string)
        #expect {
            try ArchiveWriter(creatingAt: other)
        } throws: { error in
            guard case ArchiveError.partialFileExists = error else { return false }
            return true
        }
        #expect(try ArchiveFixtures.contents(of: victim) == [9, 9, 9])
    }

    @Test("symbolic links and other special files are refused by name")
    func specialFilesRefused() throws {
        let scratch = try ScratchDirectory()
        let source = scratch.appending("source")
        try ArchiveFixtures.writeFile(source.appending("real"), [1])
        try FileManager.default.createSymbolicLink(atPath: source.appending("link").string, withDestinationPath: "/etc/passwd")
        let writer = try ArchiveWriter(creatingAt: scratch.appending("a.tar.zst"))
        #expect {
            try writer.addFile(at: source.appending("link"), as: "link")
        } throws: { error in
            guard case ArchiveError.unsupportedFileType(source.appending("link")) = error else { return false }
            return "\(error)".contains("only regular files and directories")
        }
        let treeWriter = try ArchiveWriter(creatingAt: scratch.appending("b.tar.zst"))
        #expect {
            try treeWriter.addTree(at: source)
        } throws: { error in
            guard case ArchiveError.unsupportedFileType(source.appending("link")) = error else { return false }
            return true
        }
    }

    @Test("a missing source file is an error naming it")
    func missingSource() throws {
        let scratch = try ScratchDirectory()
        let writer = try ArchiveWriter(creatingAt: scratch.appending("a.tar.zst"))
        let missing = scratch.appending("nope")
        #expect {
            try writer.addFile(at: missing, as: "nope")
        } throws: { error in
            guard case ArchiveError.fileSystem(let cause) = error, cause.path == missing, cause.errno == .noSuchFileOrDirectory else { return false }
            return "\(error)".contains("\(missing)")
        }
    }
}
