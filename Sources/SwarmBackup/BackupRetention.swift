public import Foundation
import SwarmFileSystem
public import SystemPackage

/// Archives named by time in one output directory (`swarm-backup-<UTC time>.tar.zst`, `.enc`
/// appended when encrypted; they sort oldest first), and keeping the newest N of them.
public enum BackupRetention {
    static let prefix = "swarm-backup-"
    static let suffix = ".tar.zst"
    /// The suffix of an encrypted archive (no longer a zstd stream).
    static let encryptedSuffix = ".tar.zst.enc"

    /// The path for a new archive in `directory`, named after `date` to the millisecond.
    public static func newArchivePath(in directory: FilePath, encrypted: Bool, at date: Date = Date()) -> FilePath {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return directory.appending(prefix + formatter.string(from: date) + (encrypted ? encryptedSuffix : suffix))
    }

    /// The archives in `directory` this naming made, oldest first (partial files are not
    /// archives and are never listed).
    public static func archives(in directory: FilePath) throws(BackupError) -> [FilePath] {
        do {
            return try FileSystemCalls.sortedNames(in: directory)
                .filter { $0.hasPrefix(prefix) && ($0.hasSuffix(suffix) || $0.hasSuffix(encryptedSuffix)) }
                .map { directory.appending($0) }
        } catch {
            throw .output("listing the backups in \(directory) failed: \(error)")
        }
    }

    /// Deletes the oldest archives in `directory` beyond the newest `count`; returns those
    /// deleted. Call it only after the newest archive was verified.
    @discardableResult
    public static func keepNewest(_ count: Int, in directory: FilePath) throws(BackupError) -> [FilePath] {
        precondition(count >= 1, "BackupRetention keeps at least one archive")
        let doomed = try archives(in: directory).dropLast(count)
        for path in doomed {
            do {
                try FileSystemCalls.removeFile(path)
            } catch {
                throw .output("deleting the old backup \(path) failed: \(error)")
            }
        }
        if !doomed.isEmpty { try? FileSystemCalls.synchronizeDirectory(directory) }
        return Array(doomed)
    }
}
