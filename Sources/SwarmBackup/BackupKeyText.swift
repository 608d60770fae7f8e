import Foundation
public import SwarmCrypto
public import SwarmArchive
import SwarmFileSystem
public import SystemPackage

/// The text forms of backup encryption keys, and reading them from files: a recipient public
/// key `SWMBAK-PUB-1-<base64>` (safe to share: archives are encrypted to it) and its private
/// identity `SWMBAK-KEY-1-<base64>` (kept offline, mode 0600: it opens them). Errors name what is
/// wrong with a text, never the text.
public enum BackupKeyText {
    static let publicPrefix = "SWMBAK-PUB-1-"
    static let identityPrefix = "SWMBAK-KEY-1-"

    /// The text of `publicKey`.
    public static func text(of publicKey: RecipientPublicKey) -> String {
        publicPrefix + Data(publicKey.bytes).base64EncodedString()
    }

    /// The text of `identity`'s private key.
    public static func identityText(of identity: RecipientKeyPair) -> String {
        identityPrefix + identity.privateKey.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// The public key `value` holds, or the one in the file it names.
    public static func recipient(_ value: String) throws(BackupError) -> RecipientPublicKey {
        let text = value.hasPrefix(publicPrefix) ? value : try fileText(FilePath(value), what: "--encrypt-to")
        guard text.hasPrefix(publicPrefix) else {
            throw .input("--encrypt-to takes a backup recipient key (\(publicPrefix)…, from swarm-backup keygen) or a file holding one")
        }
        guard let bytes = Data(base64Encoded: String(text.dropFirst(publicPrefix.count))), let key = try? RecipientPublicKey(bytes: Array(bytes)) else {
            throw .input("the backup recipient key given to --encrypt-to is damaged (it must be \(publicPrefix) and 32 bytes in base64)")
        }
        return key
    }

    /// The identity in the file at `path` (`--identity-file`).
    public static func identity(inFile path: FilePath) throws(BackupError) -> RecipientKeyPair {
        var text = try fileText(path, what: "--identity-file")
        defer { text = "" }
        guard text.hasPrefix(identityPrefix), var bytes = Data(base64Encoded: String(text.dropFirst(identityPrefix.count))),
            let key = try? SecretKey(copying: bytes)
        else {
            throw .input("\(path) does not hold a backup identity (\(identityPrefix)…, written by swarm-backup keygen)")
        }
        bytes.resetBytes(in: 0..<bytes.count)
        return RecipientKeyPair(privateKey: key)
    }

    /// The passphrase in the file at `path` (`--passphrase-file`): its first line.
    public static func passphrase(inFile path: FilePath) throws(BackupError) -> String {
        let line = try fileText(path, what: "--passphrase-file").split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !line.isEmpty else { throw .input("the passphrase file \(path) is empty: its first line is the passphrase") }
        return line
    }

    private static func fileText(_ path: FilePath, what: String) throws(BackupError) -> String {
        do {
            return String(decoding: try AtomicFile.read(path, byteLimit: 4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw .input("the file given to \(what) cannot be read: \(error)")
        }
    }
}

extension BackupKeyText {
    /// The encryption `--encrypt-to` and `--passphrase-file` ask for (at most one of them).
    public static func encryption(encryptTo: String?, passphraseFile: String?) throws(BackupError) -> ArchiveEncryption? {
        switch (encryptTo, passphraseFile) {
        case (nil, nil): return nil
        case (let recipient?, nil): return .recipient(try self.recipient(recipient))
        case (nil, let file?): return .passphrase(try passphrase(inFile: FilePath(file)))
        default: throw .input("give either --encrypt-to or --passphrase-file, not both")
        }
    }

    /// What opens an archive, from `--identity-file` or `--passphrase-file` (at most one).
    public static func decryption(identityFile: String?, passphraseFile: String?) throws(BackupError) -> ArchiveDecryption? {
        switch (identityFile, passphraseFile) {
        case (nil, nil): return nil
        case (let file?, nil): return .identity(try identity(inFile: FilePath(file)))
        case (nil, let file?): return .passphrase(try passphrase(inFile: FilePath(file)))
        default: throw .input("give either --identity-file or --passphrase-file, not both")
        }
    }

    /// Writes a new identity to `path` (created exclusively, mode 0600) and returns its public key.
    public static func generateIdentity(at path: FilePath) throws(BackupError) -> RecipientPublicKey {
        let identity = RecipientKeyPair.generate()
        var text = Array((identityText(of: identity) + "\n").utf8)
        defer { text.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        do {
            let file = try FileSystemCalls.createExclusively(path, permissions: [.ownerReadWrite])
            defer { try? file.close() }
            try text.withUnsafeBytes { bytes in
                Result { () throws(FileSystemError) in try FileSystemCalls.writeAll(file, bytes, path: path) }
            }.get()
            try FileSystemCalls.synchronize(file, path: path)
        } catch {
            throw .output("writing the identity file failed: \(error) (it is never overwritten: choose a new path)")
        }
        return identity.publicKey
    }
}
