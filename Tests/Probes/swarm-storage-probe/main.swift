// A child process for the storage kill -9 test. It appends entries, saves snapshots, rotates
// the data key and rewraps the keys (autolock with key A or B, or off) at random, and reports
// each step on standard output (one write(2) per line): "entries N" once entries up to N are
// durable, "snapshot N" once the snapshot through N is saved, "op K …" / "ok K" around key
// changes. The test kills it at random moments and checks everything reported.
//
//   swarm-storage-probe DIRECTORY SEED
import Foundation
import RaftTypes
import SwarmCrypto
import SwarmStorage
import SwarmTesting
import SystemPackage

let arguments = CommandLine.arguments
guard arguments.count == 3, let seed = UInt64(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: swarm-storage-probe DIRECTORY SEED\n".utf8))
    exit(2)
}
let directory = FilePath(arguments[1])
let unlockKeys = TestUnlockKeys.byName
let options = WriteAheadLog.Options(segmentByteCount: 64 * 1024)

/// Entry payloads and snapshot contents derived from the index, as the test expects them.
func entryData(_ index: UInt64) -> [UInt8] {
    (0..<700).map { UInt8(truncatingIfNeeded: index &* 31 &+ UInt64($0)) }
}

func snapshotContent(_ index: UInt64) -> [UInt8] {
    Array("state through \(index)".utf8) + (0..<20_000).map { UInt8(truncatingIfNeeded: index &* 7 &+ UInt64($0)) }
}

var operations = SeededRandomNumberGenerator(seed: seed)
do {
    let opened = TestUnlockKeys.names.lazy.compactMap { try? RaftStorage(directory: directory, unlockKey: unlockKeys[$0], logOptions: options) }.first
    let storage = try opened ?? RaftStorage(directory: directory, unlockKey: nil, logOptions: options)
    // Runs until the test kills the process.
    for step in 1... {
        switch Int.random(in: 0..<20, using: &operations) {
        case 0..<12:
            let first = storage.log.lastIndex.rawValue + 1
            let entries = (first..<(first + 5)).map { LogEntry(index: LogIndex($0), term: Term(1), data: entryData($0)) }
            try await storage.log.append(entries: entries)
            ProbeOutput.line("entries \(first + 4)")
        case 12..<16:
            let index = storage.log.lastIndex
            let latest = try storage.snapshots.latest()?.index ?? .zero
            guard index > latest else { continue }
            _ = try await storage.saveSnapshot(index: index, term: Term(1), contents: [snapshotContent(index.rawValue)].async)
            ProbeOutput.line("snapshot \(index)")
        case 16..<18:
            ProbeOutput.line("op \(step) rotate")
            try await storage.beginDataKeyRotation()
            ProbeOutput.line("ok \(step)")
        default:
            let name = TestUnlockKeys.names[Int.random(in: 0..<3, using: &operations)]
            ProbeOutput.line("op \(step) protect \(name)")
            try storage.changeProtection(to: unlockKeys[name].map { .unlockKey($0) } ?? .none)
            ProbeOutput.line("ok \(step)")
        }
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
