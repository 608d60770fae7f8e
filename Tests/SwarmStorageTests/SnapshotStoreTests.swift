import Foundation
import RaftTypes
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

@Suite("Snapshot store")
struct SnapshotStoreTests {
    static let chunk = 1 << 20

    static func write(_ content: [UInt8], to store: SnapshotStore, index: UInt64, term: UInt64 = 1) throws -> SnapshotMetadata {
        let writer = try store.writer(index: LogIndex(index), term: Term(term), key: WALFixtures.keys.current)
        // Uneven pieces, as a serializer would produce them.
        var offset = 0
        var piece = 1
        while offset < content.count {
            let end = min(content.count, offset + piece)
            try writer.write(Array(content[offset..<end]))
            offset = end
            piece = piece * 3 + 7
        }
        return try writer.finish()
    }

    @Test("snapshots of every size around the chunk size read back exactly", arguments: [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 12345])
    func roundTrip(byteCount: Int) throws {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let scratch = try ScratchDirectory()
        let store = try SnapshotStore(directory: scratch.appending("snap"))
        let content = random.bytes(count: byteCount)
        let snapshot = try Self.write(content, to: store, index: 42, term: 3)
        #expect(snapshot.index == LogIndex(42))
        #expect(snapshot.term == Term(3))
        #expect(snapshot.path.lastComponent?.string == "0000000000000003-000000000000002a.snap")
        #expect(try store.latest() == snapshot)
        #expect(try store.reader(for: snapshot, keys: WALFixtures.keys).readAll() == content)
    }

    @Test("only the newest snapshots are kept")
    func retention() throws {
        let scratch = try ScratchDirectory()
        let store = try SnapshotStore(directory: scratch.appending("snap"), retention: 2)
        for index in [10, 20, 30, 40] as [UInt64] {
            _ = try Self.write(Array("state at \(index)".utf8), to: store, index: index)
        }
        #expect(try store.snapshots().map(\.index) == [LogIndex(30), LogIndex(40)])
        #expect(try store.keyIDsInUse() == [WALFixtures.keys.current.id])
    }

    @Test("an unfinished writer leaves nothing, and a partial file from a crash is removed on open")
    func atomicity() throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("snap")
        do {
            let store = try SnapshotStore(directory: directory)
            let writer = try store.writer(index: LogIndex(5), term: Term(1), key: WALFixtures.keys.current)
            try writer.write([UInt8](repeating: 7, count: 3 * Self.chunk))
            #expect(try store.latest() == nil)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.string).isEmpty)
        #expect(FileManager.default.createFile(atPath: directory.appending("0000000000000001-0000000000000009.snap.partial").string, contents: Data([1, 2])))
        let store = try SnapshotStore(directory: directory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.string).isEmpty)
        #expect(try store.latest() == nil)
    }

    @Test("a flipped byte anywhere in a chunk fails that chunk by number, before any of its data is returned")
    func tampering() throws {
        var random = SeededRandomNumberGenerator.fromEnvironment()
        let scratch = try ScratchDirectory()
        let store = try SnapshotStore(directory: scratch.appending("snap"))
        let snapshot = try Self.write(random.bytes(count: 2 * Self.chunk + 100), to: store, index: 7)
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: snapshot.path.string)))
        // The second chunk starts after the header, the first chunk's frame and its envelope.
        let secondChunk = 48 + 5 + (Self.chunk + 42)
        for offset in [secondChunk + 2, secondChunk + 5 + 30, secondChunk + 5 + 5000, secondChunk + 5 + Self.chunk + 41] {
            var bytes = original
            bytes[offset] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: snapshot.path.string))
            let reader = try store.reader(for: snapshot, keys: WALFixtures.keys)
            #expect(try reader.nextChunk()?.count == Self.chunk)
            #expect {
                _ = try reader.nextChunk()
            } throws: { error in
                guard case SnapshotStoreError.chunkAuthenticationFailed(_, 1, _) = error else { return false }
                return "\(error)".contains("chunk 1")
            }
        }
    }

    @Test("a snapshot cut short anywhere, or with data appended, is refused")
    func truncationAndExtension() throws {
        let scratch = try ScratchDirectory()
        let store = try SnapshotStore(directory: scratch.appending("snap"))
        let snapshot = try Self.write([UInt8](repeating: 9, count: Self.chunk + 10), to: store, index: 8)
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: snapshot.path.string)))
        for length in [48, 49, 53, 54, 48 + 5 + Self.chunk + 42, 48 + 5 + Self.chunk + 42 + 5, original.count - 1] {
            try Data(original.prefix(length)).write(to: URL(fileURLWithPath: snapshot.path.string))
            #expect(throws: SnapshotStoreError.self, "length \(length)") {
                _ = try store.reader(for: snapshot, keys: WALFixtures.keys).readAll()
            }
        }
        try Data(original + [0]).write(to: URL(fileURLWithPath: snapshot.path.string))
        #expect {
            _ = try store.reader(for: snapshot, keys: WALFixtures.keys).readAll()
        } throws: { error in
            guard case SnapshotStoreError.dataAfterLastChunk = error else { return false }
            return true
        }
    }

    @Test("a snapshot sealed with a key the ring does not hold names that key")
    func unknownKey() throws {
        let scratch = try ScratchDirectory()
        let store = try SnapshotStore(directory: scratch.appending("snap"))
        let snapshot = try Self.write([1, 2, 3], to: store, index: 1)
        #expect {
            try store.reader(for: snapshot, keys: DataKeyRing(current: .generate()))
        } throws: { error in
            guard case SnapshotStoreError.unknownKey(_, WALFixtures.keys.current.id) = error else { return false }
            return true
        }
    }

    @Test("a snapshot carrying a marker and a secret leaves neither on disk")
    func noPlaintextOnDisk() throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("snap")
        let store = try SnapshotStore(directory: directory)
        var content: [UInt8] = []
        for index in 0..<5000 {
            content += StoragePlaintextTests.marker + Array(" \(index) ".utf8) + StoragePlaintextTests.secret
        }
        _ = try Self.write(content, to: store, index: 3)
        for (path, bytes) in try StoragePlaintextTests.filesUnder(directory) {
            #expect(!StoragePlaintextTests.contains(bytes, StoragePlaintextTests.marker), "\(path)")
            #expect(!StoragePlaintextTests.contains(bytes, StoragePlaintextTests.secret), "\(path)")
        }
    }
}
