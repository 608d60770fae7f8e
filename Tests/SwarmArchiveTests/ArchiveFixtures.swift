import Crypto
import Foundation
import SwarmArchive
import SwarmTesting
import SystemPackage

/// Builders shared by the archive tests: source trees with known content, and digests to
/// compare trees independently of the archive's own verification.
enum ArchiveFixtures {
    /// Writes `bytes` to `path`, creating parent directories.
    static func writeFile(_ path: FilePath, _ bytes: [UInt8], permissions: Int = 0o644) throws {
        let url = URL(fileURLWithPath: path.string)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path.string)
    }

    /// SHA-256 (hex) of every regular file under `root`, keyed by path relative to `root`.
    static func digests(under root: FilePath) throws -> [String: String] {
        var result: [String: String] = [:]
        let rootURL = URL(fileURLWithPath: root.string)
        guard let walker = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return result
        }
        for case let url as URL in walker where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            let relative = String(url.path.dropFirst(rootURL.path.count + 1))
            result[relative] = SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
        }
        return result
    }

    /// Every directory under `root`, relative to `root`.
    static func directories(under root: FilePath) throws -> Set<String> {
        let rootURL = URL(fileURLWithPath: root.string)
        var result: Set<String> = []
        guard let walker = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: [.isDirectoryKey]) else {
            return result
        }
        for case let url as URL in walker where try url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory == true {
            result.insert(String(url.path.dropFirst(rootURL.path.count + 1)))
        }
        return result
    }

    /// The modification time the sample tree's `state.json` gets.
    static let sampleModificationTimeSeconds: Int64 = 1_700_000_000

    /// A small tree with nested and empty directories, an empty file, a non-ASCII name and
    /// distinct permission bits.
    static func makeSampleTree(at root: FilePath, random: inout SeededRandomNumberGenerator) throws {
        try writeFile(root.appending("state.json"), Array(#"{"role":"manager"}"#.utf8), permissions: 0o600)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: TimeInterval(sampleModificationTimeSeconds))],
            ofItemAtPath: root.appending("state.json").string
        )
        try writeFile(root.appending("raft/wal/0000000000000001-0000000000000001.wal"), random.bytes(count: 70_000))
        try writeFile(root.appending("raft/snap/empty.snap"), [])
        try writeFile(root.appending("certificates/nœud-racine.crt"), random.bytes(count: 1_234), permissions: 0o640)
        try writeFile(root.appending("worker/tasks.db"), random.bytes(count: 300_000), permissions: 0o755)
        try FileManager.default.createDirectory(atPath: root.appending("raft/empty-dir").string, withIntermediateDirectories: true)
    }

    /// Reads the archive at `path` to its verified end and returns each entry with its data.
    static func readAll(_ path: FilePath) throws -> [(entry: ArchiveEntry, data: [UInt8])] {
        let reader = try ArchiveReader(contentsOf: path)
        var result: [(ArchiveEntry, [UInt8])] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while let entry = try reader.nextEntry() {
            var data: [UInt8] = []
            while true {
                let count = try buffer.withUnsafeMutableBytes { try reader.readData(into: $0) }
                if count == 0 { break }
                data += buffer[..<count]
            }
            result.append((entry, data))
        }
        return result
    }

    /// The bytes of the file at `path`.
    static func contents(of path: FilePath) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path.string)))
    }

    /// Whether anything exists at `path`.
    static func exists(_ path: FilePath) -> Bool {
        FileManager.default.fileExists(atPath: path.string)
    }
}
