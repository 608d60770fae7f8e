// A child process for the key store kill -9 test. It changes the key store in DIRECTORY at
// random (autolock on with key A or B, off, DEK rotation begin and finish), keeping one sealed
// "data file" per data key in use, and reports every step on standard output, one write(2)
// per line, before ("op K …") and after ("ok K") it happens. The test kills it at random
// moments and checks that the store opens with the protection of the last step or of the one
// in flight, and that every data file still opens.
//
//   swarm-keystore-probe DIRECTORY SEED
import Foundation
import SwarmCrypto
import SwarmFileSystem
import SwarmStorage
import SwarmTesting
import SystemPackage

let arguments = CommandLine.arguments
guard arguments.count == 3, let seed = UInt64(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: swarm-keystore-probe DIRECTORY SEED\n".utf8))
    exit(2)
}
let directory = FilePath(arguments[1])

let unlockKeys = TestUnlockKeys.byName
let content = Array("data sealed under this key".utf8)

func protection(named name: String) -> KeyProtection {
    unlockKeys[name].map { .unlockKey($0) } ?? .none
}

/// Writes the data file of `key`: `content` sealed under it.
func writeDataFile(for key: DataKey) throws {
    let sealed = AEAD.seal(content, associatedData: Array("\(key.id)".utf8), key: key.key)
    try AtomicFile.write(sealed, to: directory.appending("data-\(key.id)"), permissions: [.ownerReadWrite])
}

func dataFileIDs() throws -> [String] {
    try FileSystemCalls.sortedNames(in: directory).filter { $0.hasPrefix("data-") && !$0.hasSuffix(".tmp") }.map { String($0.dropFirst(5)) }
}

/// The operations depend only on the seed.
var operations = SeededRandomNumberGenerator(seed: seed)

do {
    var store: KeyStore
    if KeyStore.exists(in: directory) {
        let opened = TestUnlockKeys.names.lazy.compactMap { try? KeyStore.open(in: directory, unlockKey: unlockKeys[$0]) }.first
        guard let opened else { throw KeyStoreError.damaged(directory, reason: "opens with no known protection") }
        store = opened
    } else {
        store = try KeyStore.create(in: directory, protection: .none)
        try writeDataFile(for: store.ring.current)
    }
    // Runs until the test kills the process.
    for step in 1... {
        switch Int.random(in: 0..<4, using: &operations) {
        case 0:
            let name = TestUnlockKeys.names[Int.random(in: 0..<3, using: &operations)]
            ProbeOutput.line("op \(step) protect \(name)")
            try store.changeProtection(to: protection(named: name))
        case 1:
            ProbeOutput.line("op \(step) rotate-begin")
            let ring = try store.beginRotation()
            try writeDataFile(for: ring.current)
        case 2 where store.isRotating:
            ProbeOutput.line("op \(step) rotate-finish")
            let ring = store.ring
            // Retire the old key's data first: "no kept file needs it".
            for id in try dataFileIDs() where id != "\(ring.current.id)" {
                try FileSystemCalls.removeFile(directory.appending("data-\(id)"))
            }
            try FileSystemCalls.synchronizeDirectory(directory)
            _ = try store.finishRotation(keysStillInUse: [ring.current.id])
        default:
            ProbeOutput.line("op \(step) reopen")
            store = TestUnlockKeys.names.lazy.compactMap { try? KeyStore.open(in: directory, unlockKey: unlockKeys[$0]) }.first ?? store
        }
        ProbeOutput.line("ok \(step)")
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
