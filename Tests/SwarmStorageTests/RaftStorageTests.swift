import Foundation
import RaftTypes
import SwarmCrypto
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

@Suite("Raft storage (keys, log and snapshots together)")
struct RaftStorageTests {
    static func snapshotContent(through index: UInt64) -> [UInt8] {
        Array("state through \(index)".utf8) + WALFixtures.data(for: LogIndex(index), byteCount: 5000)
    }

    static func appendEntries(_ range: ClosedRange<UInt64>, to storage: RaftStorage) async throws {
        try await storage.log.append(entries: WALFixtures.entries(range, byteCount: 1000))
    }

    @Test("a DEK rotation seals new data with the new key and finishes at the snapshot that retires the old one")
    func dekRotation() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("raft")
        let storage = try RaftStorage(directory: directory, unlockKey: nil, logOptions: WALFixtures.smallSegments)
        try await Self.appendEntries(1...200, to: storage)
        let old = storage.keys.ring.current.id
        _ = try await storage.saveSnapshot(index: LogIndex(100), term: Term(1), contents: [Self.snapshotContent(through: 100)].async)

        try await storage.beginDataKeyRotation()
        let new = storage.keys.ring.current.id
        #expect(new != old)
        #expect(storage.keys.isRotating)
        try await Self.appendEntries(201...300, to: storage)
        // A snapshot that does not cover the old segments cannot finish the rotation.
        _ = try await storage.saveSnapshot(index: LogIndex(150), term: Term(1), contents: [Self.snapshotContent(through: 150)].async)
        #expect(storage.keys.isRotating)
        #expect(try storage.keyIDsInUse().contains(old))
        // One that covers everything written under the old key does.
        _ = try await storage.saveSnapshot(index: LogIndex(250), term: Term(1), contents: [Self.snapshotContent(through: 250)].async)
        #expect(!storage.keys.isRotating)
        #expect(try storage.keyIDsInUse() == [new])
        #expect(storage.keys.ring.identifiers == [new])
        try await Self.appendEntries(301...310, to: storage)
        storage.close()

        let reopened = try RaftStorage(directory: directory, unlockKey: nil, logOptions: WALFixtures.smallSegments)
        #expect(reopened.keys.ring.identifiers == [new])
        let latest = try #require(try reopened.snapshots.latest())
        #expect(latest.index == LogIndex(250))
        #expect(try reopened.contents(of: latest) == Self.snapshotContent(through: 250))
        #expect(reopened.log.firstIndex == LogIndex(251))
        #expect(try reopened.log.entries(in: LogIndex(251)..<LogIndex(311)) == WALFixtures.entries(251...310, byteCount: 1000))
    }

    @Test("an autolocked storage opens only with its unlock key, and keeps its data across rewraps")
    func autolock() async throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.appending("raft")
        let (first, second) = (UnlockKey.generate(), UnlockKey.generate())
        do {
            let storage = try RaftStorage(directory: directory, unlockKey: nil, protectionIfNew: .unlockKey(first))
            try await Self.appendEntries(1...10, to: storage)
            try storage.changeProtection(to: .unlockKey(second))
            storage.close()
        }
        #expect(throws: RaftStorageError.self) { try RaftStorage(directory: directory, unlockKey: nil) }
        #expect(throws: RaftStorageError.self) { try RaftStorage(directory: directory, unlockKey: first) }
        let storage = try RaftStorage(directory: directory, unlockKey: second)
        #expect(try storage.log.entries(in: LogIndex(1)..<LogIndex(11)) == WALFixtures.entries(1...10, byteCount: 1000))
    }
}
