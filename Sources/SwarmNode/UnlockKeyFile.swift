import Foundation
public import SwarmCrypto
import SwarmFileSystem
public import SystemPackage

/// A file holding an unlock key (`SWMKEY-1-…`, whitespace around it ignored): `--unlock-key-file`,
/// the systemd credential, and the backup tools' option.
public enum UnlockKeyFile {
    /// The key in the file at `path`.
    ///
    /// - Throws: `SwarmNodeError.unreadableState` naming the file and what is wrong with it
    ///   (never its content).
    public static func read(_ path: FilePath) throws(SwarmNodeError) -> UnlockKey {
        do {
            let text = String(decoding: try AtomicFile.read(path, byteLimit: 4096), as: UTF8.self)
            return try UnlockKey(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw .unreadableState(path: path.string, reason: "\(error)")
        }
    }
}
