import RaftTypes
public import SwarmCrypto
import SwarmFileSystem
public import SystemPackage

/// Builds a `StorageInspection` without writing anything: the key store is opened read-only,
/// segments are scanned record by record, the log is replayed in read-only recovery, snapshot
/// headers are read.
public enum StorageInspector {
    /// Inspects the storage in `directory` (a manager's `raft` directory); `unlockKey` is needed
    /// only to replay an autolocked log.
    public static func inspect(directory: FilePath, unlockKey: UnlockKey?) -> StorageInspection {
        let (keys, ring) = inspectKeys(in: directory, unlockKey: unlockKey)
        let walDirectory = directory.appending("wal")
        return StorageInspection(
            directory: directory,
            keys: keys,
            segments: inspectSegments(in: walDirectory),
            otherLogFiles: inspectOtherFiles(in: walDirectory),
            log: ring.map { replay(walDirectory, keys: $0) } ?? .notReplayed(reason: "the data keys are not available"),
            snapshots: inspectSnapshots(in: directory.appending("snap"))
        )
    }

    private static func inspectKeys(in directory: FilePath, unlockKey: UnlockKey?) -> (StorageInspection.Keys, DataKeyRing?) {
        do {
            let store = try KeyStore.open(in: directory, unlockKey: unlockKey)
            let ring = store.ring
            let others = ring.identifiers.subtracting([ring.current.id]).sorted { $0.rawValue < $1.rawValue }
            return (.open(isAutolocked: store.isAutolocked, sealingKey: ring.current.id, otherKeys: others), ring)
        } catch .missing {
            return (.missing, nil)
        } catch .locked {
            return (.locked, nil)
        } catch {
            return (.unreadable("\(error)"), nil)
        }
    }

    private static func replay(_ directory: FilePath, keys: DataKeyRing) -> StorageInspection.Log {
        var recovery = WALRecovery(
            directory: directory, keys: keys, sealing: .encrypted, mode: .strict,
            segmentByteCount: 0, access: .readOnly
        )
        do {
            let outcome = try recovery.recover()
            return .replayed(
                firstIndex: outcome.index.firstIndex, lastIndex: outcome.index.lastIndex,
                hardState: outcome.index.hardState, recovery: outcome.report
            )
        } catch {
            return .damaged("\(error)")
        }
    }

    private static func inspectSegments(in directory: FilePath) -> [StorageInspection.Segment] {
        guard let names = try? FileSystemCalls.sortedNames(in: directory) else { return [] }
        return names.filter { WALSegmentHeader.parse(fileName: $0) != nil }.map { name in
            inspectSegment(directory.appending(name), name: name)
        }
    }

    private static func inspectOtherFiles(in directory: FilePath) -> [StorageInspection.OtherFile] {
        guard let names = try? FileSystemCalls.sortedNames(in: directory) else { return [] }
        return names.filter { WALSegmentHeader.parse(fileName: $0) == nil }.map { name in
            let size = (try? FileSystemCalls.status(of: directory.appending(name)).size) ?? 0
            return StorageInspection.OtherFile(name: name, fileByteCount: size)
        }
    }

    private static func inspectSegment(_ path: FilePath, name: String) -> StorageInspection.Segment {
        guard let descriptor = try? FileSystemCalls.open(path, .readOnly, options: .noFollow),
            let size = try? FileSystemCalls.status(of: descriptor, path: path).size
        else {
            return .init(name: name, fileByteCount: 0, recordCount: 0, entryIndexes: nil, keyIDs: [], ending: "unreadable")
        }
        defer { try? descriptor.close() }
        var scanner = WALSegmentScanner(path: path, descriptor: descriptor, fileByteCount: size)
        var recordCount = 0
        var entries: ClosedRange<UInt64>?
        var keyIDs: Set<DataKeyID> = []
        let stop = try? scanner.scan { (header, _, _) throws(WriteAheadLogError) in
            recordCount += 1
            if header.keyID != 0 { keyIDs.insert(DataKeyID(rawValue: header.keyID)) }
            if header.type == .entry {
                entries = entries.map { min($0.lowerBound, header.index)...max($0.upperBound, header.index) } ?? header.index...header.index
            }
        }
        let ending: String
        switch stop {
        case nil: ending = "unreadable"
        case let stop? where stop.corruption == nil: ending = "records end cleanly at byte \(stop.offset)"
        case let stop? where stop.isTorn: ending = "records end at byte \(stop.offset), where a write was cut short"
        case let stop?: ending = "DAMAGED at byte \(stop.offset) (\(stop.corruption.map(\.description) ?? "?"))"
        }
        return .init(
            name: name, fileByteCount: size, recordCount: recordCount, entryIndexes: entries,
            keyIDs: keyIDs.sorted { $0.rawValue < $1.rawValue }, ending: ending
        )
    }

    private static func inspectSnapshots(in directory: FilePath) -> [StorageInspection.Snapshot] {
        let files = (try? SnapshotStore.snapshots(in: directory)) ?? []
        return files.map { name, header in
            let size = (try? FileSystemCalls.status(of: directory.appending(name)).size) ?? 0
            switch header {
            case .success(let metadata): return .init(name: name, fileByteCount: size, metadata: metadata, problem: nil)
            case .failure(let error): return .init(name: name, fileByteCount: size, metadata: nil, problem: "\(error)")
            }
        }
    }
}
