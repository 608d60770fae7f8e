import Foundation
import SwarmCrypto
import SwarmStorage
import SwarmTesting
import SystemPackage
import Testing

@Suite("Key store")
struct KeyStoreTests {
    static func fileBytes(_ path: FilePath) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path.string)))
    }

    static func keyBytes(_ key: SecretKey) -> [UInt8] {
        key.withUnsafeBytes { Array($0) }
    }

    @Test("a new store holds one random data key in a 0600 file and reopens with it")
    func createAndOpen() throws {
        let scratch = try ScratchDirectory()
        let store = try KeyStore.create(in: scratch.path, protection: .none)
        #expect(!store.isAutolocked)
        #expect(!store.isRotating)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path.string)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let reopened = try KeyStore.open(in: scratch.path, unlockKey: nil)
        #expect(reopened.ring.current.id == store.ring.current.id)
        #expect(reopened.ring.current.key == store.ring.current.key)
        #expect(throws: KeyStoreError.self) { try KeyStore.create(in: scratch.path, protection: .none) }
    }

    @Test("with autolock the store opens only with its unlock key; a wrong key or none changes nothing")
    func autolock() throws {
        let scratch = try ScratchDirectory()
        let unlockKey = UnlockKey.generate()
        let store = try KeyStore.create(in: scratch.path, protection: .none)
        let dataKey = store.ring.current
        try store.changeProtection(to: .unlockKey(unlockKey))
        #expect(store.isAutolocked)
        let before = try Self.fileBytes(store.path)
        #expect {
            try KeyStore.open(in: scratch.path, unlockKey: nil)
        } throws: { error in
            guard case KeyStoreError.locked = error else { return false }
            return "\(error)".contains("locked")
        }
        #expect {
            try KeyStore.open(in: scratch.path, unlockKey: .generate())
        } throws: { error in
            guard case KeyStoreError.wrongUnlockKey = error else { return false }
            return "\(error)".hasPrefix("wrong unlock key")
        }
        #expect(try Self.fileBytes(store.path) == before)
        let reopened = try KeyStore.open(in: scratch.path, unlockKey: unlockKey)
        #expect(reopened.ring.current.key == dataKey.key)
        #expect(reopened.ring.current.id == dataKey.id)
    }

    @Test("rotating the unlock key: the old key stops working the moment the call returns")
    func unlockKeyRotation() throws {
        let scratch = try ScratchDirectory()
        let (first, second) = (UnlockKey.generate(), UnlockKey.generate())
        let store = try KeyStore.create(in: scratch.path, protection: .unlockKey(first))
        let dataKey = store.ring.current
        try store.changeProtection(to: .unlockKey(second))
        #expect(throws: KeyStoreError.self) { try KeyStore.open(in: scratch.path, unlockKey: first) }
        #expect(try KeyStore.open(in: scratch.path, unlockKey: second).ring.current.key == dataKey.key)
        try store.changeProtection(to: .none)
        #expect {
            try KeyStore.open(in: scratch.path, unlockKey: second)
        } throws: { error in
            guard case KeyStoreError.notLocked = error else { return false }
            return true
        }
        #expect(try KeyStore.open(in: scratch.path, unlockKey: nil).ring.current.key == dataKey.key)
    }

    @Test("a DEK rotation seals with the new key, keeps the old readable, and drops it only when unused")
    func dekRotation() throws {
        let scratch = try ScratchDirectory()
        let store = try KeyStore.create(in: scratch.path, protection: .none)
        let old = store.ring.current
        let rotating = try store.beginRotation()
        #expect(store.isRotating)
        #expect(rotating.current.id != old.id)
        #expect(rotating.key(for: old.id)?.key == old.key)
        #expect(try store.beginRotation().current.id == rotating.current.id)
        let reopened = try KeyStore.open(in: scratch.path, unlockKey: nil)
        #expect(reopened.ring.current.id == rotating.current.id)
        #expect(reopened.ring.identifiers == [old.id, rotating.current.id])
        #expect {
            try reopened.finishRotation(keysStillInUse: [old.id, rotating.current.id])
        } throws: { error in
            guard case KeyStoreError.oldKeyStillInUse(old.id) = error else { return false }
            return true
        }
        let finished = try reopened.finishRotation(keysStillInUse: [rotating.current.id])
        #expect(finished.identifiers == [rotating.current.id])
        #expect(try KeyStore.open(in: scratch.path, unlockKey: nil).ring.identifiers == [rotating.current.id])
        #expect(throws: KeyStoreError.self) { try reopened.finishRotation(keysStillInUse: []) }
    }

    @Test("a damaged key store is reported as damaged, never as a wrong key", arguments: [0, 8, 9, 20, 40, -1])
    func damage(offset: Int) throws {
        let scratch = try ScratchDirectory()
        let unlockKey = UnlockKey.generate()
        let store = try KeyStore.create(in: scratch.path, protection: .unlockKey(unlockKey))
        var bytes = try Self.fileBytes(store.path)
        let position = offset >= 0 ? offset : bytes.count - 1
        bytes[position] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: store.path.string))
        #expect {
            try KeyStore.open(in: scratch.path, unlockKey: unlockKey)
        } throws: { error in
            guard case KeyStoreError.damaged = error else { return false }
            return "\(error)".contains("damaged")
        }
    }

    @Test("a temporary file left by a crash before the rename is ignored and later replaced")
    func leftoverTemporaryFile() throws {
        let scratch = try ScratchDirectory()
        let store = try KeyStore.create(in: scratch.path, protection: .none)
        #expect(FileManager.default.createFile(atPath: store.path.string + ".tmp", contents: Data([1, 2, 3])))
        #expect(try KeyStore.open(in: scratch.path, unlockKey: nil).ring.current.id == store.ring.current.id)
        _ = try store.beginRotation()
        #expect(!FileManager.default.fileExists(atPath: store.path.string + ".tmp"))
    }

    @Test("with autolock neither the data keys nor the unlock key appear in any file")
    func noKeyOnDisk() throws {
        let scratch = try ScratchDirectory()
        let unlockKey = UnlockKey.generate()
        let store = try KeyStore.create(in: scratch.path, protection: .unlockKey(unlockKey))
        _ = try store.beginRotation()
        let bytes = try Self.fileBytes(store.path)
        for key in store.ring.identifiers.compactMap({ store.ring.key(for: $0)?.key }) + [unlockKey.key] {
            #expect(!StoragePlaintextTests.contains(bytes, Array(Self.keyBytes(key).prefix(16))))
        }
        #expect(!StoragePlaintextTests.contains(bytes, Array(unlockKey.revealedText().utf8.suffix(20))))
    }
}
