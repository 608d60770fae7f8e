import AsyncHTTPClient
public import DockerAPI
import Foundation
import NIOCore
import NIOHTTP1
public import SwarmAPIClient
public import SwarmArchive
public import SwarmNode
public import SystemPackage

/// Hot backups: the running manager behind `client` captures its state at a committed point and
/// streams it (`POST /swarm/backup`); the stream goes straight into the archive, never whole in
/// memory, and the archive appears at its destination only once complete and durable.
public enum HotBackup {
    /// The longest a backup stream may take.
    static let timeout = TimeAmount.minutes(30)

    /// Takes a hot backup into a new archive at `destination` (encrypted as `encryption` says),
    /// the manager encoding it at `priority`; returns its manifest.
    public static func take(
        through client: APIClient, to destination: FilePath, encryption: ArchiveEncryption?, priority: BackupPriority
    ) async throws(BackupError) -> BackupDescription {
        let body: HTTPClientResponse.Body
        do {
            body = try await client.stream(.POST, "/swarm/backup", query: ["priority": priority.rawValue], timeout: timeout)
        } catch {
            throw .daemon("\(error)")
        }
        let cursor = StreamCursor(body)
        let header = try await cursor.line(byteLimit: 1 << 20)
        let description: BackupDescription
        do {
            description = try JSONDecoder().decode(BackupDescription.self, from: Data(header))
        } catch {
            throw .stream("its first line is not a backup description: \(error)")
        }
        guard description.format == BackupDescription.currentFormat else {
            throw .daemon("swarmd sends backups of format \(description.format), which this swarm-backup cannot write: use the same release")
        }
        let manifest = try await BackupArchive.write(description, to: destination, encryption: encryption) { _, file in cursor.bytes(count: file.byteCount, of: file.path) }
        guard try await cursor.isAtEnd() else { throw .stream("it holds more bytes than it announced") }
        return manifest
    }
}

/// Reads a response body in the pieces a backup stream is made of: a line, then runs of a known
/// length. Owned by one task.
final class StreamCursor {
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private var pending: [UInt8] = []

    init(_ body: HTTPClientResponse.Body) {
        self.iterator = body.makeAsyncIterator()
    }

    /// The bytes up to the next newline (without it), at most `byteLimit`.
    func line(byteLimit: Int) async throws(BackupError) -> [UInt8] {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                defer { pending.removeFirst(newline + 1) }
                return Array(pending[..<newline])
            }
            guard pending.count <= byteLimit else { throw .stream("its first line is longer than \(byteLimit) bytes") }
            guard try await fill() else { throw .stream("it ended before its first line did") }
        }
    }

    /// The next `count` bytes, as chunks; iterating fails if the body ends before.
    func bytes(count: Int64, of path: String) -> Run {
        Run(cursor: self, remaining: count, path: path)
    }

    /// Whether the body has nothing more.
    func isAtEnd() async throws(BackupError) -> Bool {
        if !pending.isEmpty { return false }
        let hasMore = try await fill()
        return !hasMore
    }

    /// Reads the next buffer into `pending`; false at the end of the body.
    fileprivate func fill() async throws(BackupError) -> Bool {
        do {
            guard let buffer = try await iterator.next() else { return false }
            pending += buffer.readableBytesView
            return true
        } catch {
            throw .stream("reading it failed: \(error)")
        }
    }

    fileprivate func take(upTo count: Int) -> [UInt8] {
        let taken = Array(pending.prefix(count))
        pending.removeFirst(taken.count)
        return taken
    }

    fileprivate var hasPending: Bool { !pending.isEmpty }

    /// A run of a known length, delivered as it arrives.
    struct Run: AsyncSequence {
        typealias Element = [UInt8]
        let cursor: StreamCursor
        let remaining: Int64
        let path: String

        func makeAsyncIterator() -> Iterator {
            Iterator(cursor: cursor, remaining: remaining, path: path)
        }

        struct Iterator: AsyncIteratorProtocol {
            let cursor: StreamCursor
            var remaining: Int64
            let path: String

            mutating func next() async throws -> [UInt8]? {
                guard remaining > 0 else { return nil }
                if !cursor.hasPending {
                    let hasMore = try await cursor.fill()
                    guard hasMore else { throw BackupError.stream("it ended \(remaining) bytes before the end of \(path)") }
                }
                let chunk = cursor.take(upTo: Int(Swift.min(remaining, 1 << 20)))
                remaining -= Int64(chunk.count)
                return chunk
            }
        }
    }
}
