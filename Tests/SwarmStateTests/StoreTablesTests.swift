import Foundation
import RaftNode
import RaftTypes
import SwarmState
import Testing

/// The store's transactions through its Raft state machine interface: what commits, what is
/// rejected, and that a rejected transaction changes nothing.
@Suite struct StoreTablesTests {
    let store = SwarmStore()
    let time = Date(timeIntervalSince1970: 1_700_000_000)

    func secret(_ name: String, id: SecretID = .random()) -> Secret {
        Secret(id: id, meta: ObjectMeta(createdAt: time), spec: DataObjectSpec(name: name), sealedData: Data([1, 2, 3]))
    }

    @discardableResult
    func apply(_ actions: [StoreAction], at index: UInt64) -> StoreOutcome {
        let reply = store.apply(StoreTransaction(actions).encoded(), at: LogIndex(index))
        return try! StoreCoding.decode(StoreOutcome.self, from: reply)
    }

    @Test func createdObjectsCarryTheirEntryIndexAsVersion() {
        let created = secret("db-password")
        #expect(apply([.create(.secret(created))], at: 7) == .applied(ObjectVersion(index: 7)))
        #expect(store.current.secrets[created.id]?.meta.version == ObjectVersion(index: 7))
        #expect(store.current.secrets[created.id]?.meta.createdAt == time)
        #expect(store.current.secrets.object(named: "DB-PASSWORD")?.id == created.id)
    }

    @Test func namesAreUniqueCaseInsensitively() {
        apply([.create(.secret(secret("token")))], at: 1)
        #expect(apply([.create(.secret(secret("Token")))], at: 2) == .rejected(.nameTaken(.secret, name: "Token")))
        #expect(store.current.secrets.count == 1)
    }

    @Test func updatesNeedTheVersionTheyRead() {
        var object = secret("a")
        apply([.create(.secret(object))], at: 3)
        object.spec.labels = ["x": "y"]
        #expect(apply([.update(.secret(object), expected: ObjectVersion(index: 2))], at: 4) == .rejected(.outOfSequence(.secret, id: object.id.rawValue)))
        #expect(apply([.update(.secret(object), expected: ObjectVersion(index: 3))], at: 5) == .applied(ObjectVersion(index: 5)))
        #expect(store.current.secrets[object.id]?.spec.labels == ["x": "y"])
    }

    @Test func aRejectedTransactionChangesNothing() {
        let kept = secret("kept")
        apply([.create(.secret(kept))], at: 1)
        let outcome = apply([.create(.secret(secret("new"))), .remove(.secret, id: "missing")], at: 2)
        #expect(outcome == .rejected(.notFound(.secret, id: "missing")))
        #expect(store.current.secrets.all.map(\.spec.name) == ["kept"])
    }

    @Test func referencesResolveByIDNameAndUniquePrefix() {
        let first = secret("first", id: SecretID(rawValue: "abc111"))
        let second = secret("second", id: SecretID(rawValue: "abc222"))
        apply([.create(.secret(first)), .create(.secret(second))], at: 1)
        let table = store.current.secrets
        guard case .found(let byPrefix) = table.resolve("abc1") else { Issue.record("prefix did not resolve"); return }
        #expect(byPrefix.id == first.id)
        guard case .found(let byName) = table.resolve("second") else { Issue.record("name did not resolve"); return }
        #expect(byName.id == second.id)
        guard case .ambiguous = table.resolve("abc") else { Issue.record("a shared prefix resolved"); return }
        guard case .notFound = table.resolve("zzz") else { Issue.record("an unknown reference resolved"); return }
    }

    @Test func garbageCommandsAreRejectedNotApplied() {
        let outcome = try! StoreCoding.decode(StoreOutcome.self, from: store.apply([0xff, 0x00], at: LogIndex(1)))
        #expect(outcome == .rejected(.unreadableCommand))
    }

    @Test func snapshotImagesRestoreTheSameTables() throws {
        apply([.create(.secret(secret("one"))), .create(.secret(secret("two")))], at: 9)
        let image = store.freeze().image()
        let restored = SwarmStore()
        try restored.restore(fromImage: image)
        #expect(restored.current.secrets.all == store.current.secrets.all)
        #expect(restored.current.secrets.object(named: "two") != nil)
        #expect(throws: (any Error).self) { try restored.restore(fromImage: Array(image.dropLast(5))) }
    }

    @Test func watchersSeeOnlyCommitsOfTheirKinds() async {
        let secretCommits = store.commits(touching: [.secret])
        let configCommits = store.commits(touching: [.config])
        apply([.create(.secret(secret("first")))], at: 3)
        apply([.create(.secret(secret("second")))], at: 4)
        try! store.restore(fromImage: store.freeze().image())
        var secretVersions: [UInt64?] = []
        for await commit in secretCommits.prefix(3) { secretVersions.append(commit.version?.index) }
        #expect(secretVersions == [3, 4, nil])
        // The config watcher was not woken by the secrets: its first commit is the restore.
        var configIterator = configCommits.makeAsyncIterator()
        let firstConfigCommit = await configIterator.next()
        #expect(firstConfigCommit?.version == nil)
        #expect(firstConfigCommit?.kinds.contains(.config) == true)
    }

    @Test func newIDsAreDockerShaped() {
        let ids = (0..<100).map { _ in NodeID.random().rawValue }
        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.count == 25 && $0.allSatisfy { $0.isNumber || ("a"..."z").contains($0) } })
    }
}
