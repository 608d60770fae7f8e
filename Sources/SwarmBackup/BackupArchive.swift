import Foundation
import SwarmFileSystem
public import SwarmArchive
public import SwarmNode
public import SystemPackage

/// swarmd backup archives: a SwarmArchive (tar + zstd, a SHA-256 after every file) holding the
/// files `BackupPayload.Paths` lists in that order, the last being `manifest.json`, the
/// `BackupDescription` with every other file's size and SHA-256.
public enum BackupArchive {
    /// Writes the archive of `payload` at `destination` (encrypted as `encryption` says);
    /// returns the manifest written.
    public static func write(
        _ payload: BackupPayload, to destination: FilePath, encryption: ArchiveEncryption?
    ) async throws(BackupError) -> BackupDescription {
        let parts = payload.parts
        guard parts.map(\.path) == payload.description.files.map(\.path) else {
            preconditionFailure("BackupArchive.write: a payload's description lists its parts")
        }
        return try await write(payload.description, to: destination, encryption: encryption) { position, _ in parts[position].contents }
    }

    /// Writes the archive of `description`'s files at `destination` (atomically: nothing
    /// appears there unless the archive is whole and durable); `contents` gives the bytes of
    /// the file at each position of `description.files`, in order. Returns the manifest written.
    public static func write(
        _ description: BackupDescription,
        to destination: FilePath,
        encryption: ArchiveEncryption?,
        contents: (Int, BackupDescription.File) -> any AsyncSequence<[UInt8], any Error>
    ) async throws(BackupError) -> BackupDescription {
        guard description.files.map(\.path) == Array(BackupPayload.Paths.all.dropLast()) else {
            throw .stream("it announced the files \(description.files.map(\.path)), not \(BackupPayload.Paths.all.dropLast())")
        }
        var manifest = description
        do {
            let writer = try ArchiveWriter(creatingAt: destination, encryption: encryption)
            let modified = Int64(Date().timeIntervalSince1970)
            for (position, file) in description.files.enumerated() {
                manifest.files[position].sha256 = try await writer.addFile(
                    as: file.path, byteCount: file.byteCount, modificationTimeSeconds: modified, contents: contents(position, file)
                )
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let manifestBytes = Array((try? encoder.encode(manifest)) ?? Data())
            try await writer.addFile(
                as: BackupPayload.Paths.manifest, byteCount: Int64(manifestBytes.count), modificationTimeSeconds: modified,
                contents: BytesInMemory(manifestBytes)
            )
            try writer.finish()
        } catch {
            throw Self.unwrap(error)
        }
        return manifest
    }

    /// Reads the whole archive at `path` (opened with `decryption` if it is encrypted),
    /// verifying every file against its SHA-256 and the manifest, and returns the manifest.
    ///
    /// - Throws: `.archive` naming the damaged entry (or the missing or wrong key),
    ///   `.notABackup`, `.unsupportedFormat`.
    @discardableResult
    public static func verify(_ path: FilePath, decryption: ArchiveDecryption? = nil) throws(BackupError) -> BackupDescription {
        var manifestBytes: [UInt8] = []
        let files: [ArchiveReader.VerifiedFile]
        do {
            let reader = try ArchiveReader(contentsOf: path, decryption: decryption)
            try withUnsafeTemporaryAllocation(byteCount: 256 * 1024, alignment: 16) { (buffer) throws(ArchiveError) in
                while let entry = try reader.nextEntry() {
                    let isManifest = entry.path == BackupPayload.Paths.manifest && entry.byteCount <= manifestByteLimit
                    while true {
                        let count = try reader.readData(into: buffer)
                        if count == 0 { break }
                        if isManifest { manifestBytes += UnsafeRawBufferPointer(rebasing: buffer[..<count]) }
                    }
                }
            }
            files = reader.verifiedFiles
        } catch {
            throw .archive(error)
        }
        return try checkedManifest(manifestBytes, of: files, archive: path)
    }

    /// Verifies the archive at `path` as `verify` does while extracting it into `directory`
    /// (existing and empty), in one pass; returns the manifest. On failure, what was extracted
    /// stays in `directory` for the caller to remove: extract into a staging directory.
    ///
    /// - Throws: as `verify`.
    public static func extractVerified(
        _ path: FilePath, decryption: ArchiveDecryption? = nil, into directory: FilePath
    ) throws(BackupError) -> BackupDescription {
        let files: [ArchiveReader.VerifiedFile]
        do {
            let reader = try ArchiveReader(contentsOf: path, decryption: decryption)
            try reader.extractAll(into: directory)
            files = reader.verifiedFiles
        } catch {
            throw .archive(error)
        }
        let manifestPath = directory.appending(BackupPayload.Paths.manifest)
        let manifestSize = files.last { $0.path == BackupPayload.Paths.manifest }?.byteCount ?? 0
        let manifestBytes = manifestSize <= manifestByteLimit ? ((try? AtomicFile.read(manifestPath)) ?? []) : []
        return try checkedManifest(manifestBytes, of: files, archive: path)
    }

    /// The manifest in `manifestBytes`, once the archive's `files` are checked to be a backup's,
    /// in order, each with the size and SHA-256 the manifest records.
    private static func checkedManifest(
        _ manifestBytes: [UInt8], of files: [ArchiveReader.VerifiedFile], archive path: FilePath
    ) throws(BackupError) -> BackupDescription {
        let order = files.map(\.path)
        guard order == BackupPayload.Paths.all else {
            throw .notABackup(archive: path, reason: "it holds \(order), not the files of a backup (\(BackupPayload.Paths.all))")
        }
        let manifest = try decodeManifest(manifestBytes, archive: path)
        for file in manifest.files {
            guard let actual = files.first(where: { $0.path == file.path }), actual.byteCount == file.byteCount, actual.sha256 == file.sha256 else {
                throw .notABackup(archive: path, reason: "\(file.path) does not match the size and SHA-256 its manifest records")
            }
        }
        return manifest
    }

    /// Verifies an archive just written with `encryption`: wholly when it can be opened here
    /// (plain, or under a passphrase); an archive encrypted to a recipient's key, which only its
    /// holder opens, by its whole-file checksum (what reached the disk is what was written).
    public static func verifyWritten(_ path: FilePath, encryption: ArchiveEncryption?) throws(BackupError) {
        switch encryption {
        case nil:
            try verify(path)
        case .passphrase(let passphrase, _):
            try verify(path, decryption: .passphrase(passphrase))
        case .recipient:
            do {
                try ArchiveReader.checkWholeFileChecksum(of: path)
            } catch {
                throw .archive(error)
            }
        }
    }

    /// Decodes a manifest, checking its format and file list.
    static func decodeManifest(_ bytes: [UInt8], archive: FilePath) throws(BackupError) -> BackupDescription {
        guard !bytes.isEmpty else { throw .notABackup(archive: archive, reason: "its manifest.json is missing or too large") }
        if let format = (try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])?["format"] as? Int,
            format != BackupDescription.currentFormat
        {
            throw .unsupportedFormat(archive: archive, format: format)
        }
        let manifest: BackupDescription
        do {
            manifest = try JSONDecoder().decode(BackupDescription.self, from: Data(bytes))
        } catch {
            throw .notABackup(archive: archive, reason: "its manifest.json cannot be read (\(error))")
        }
        guard manifest.files.map(\.path) == Array(BackupPayload.Paths.all.dropLast()) else {
            throw .notABackup(archive: archive, reason: "its manifest lists \(manifest.files.map(\.path))")
        }
        return manifest
    }

    /// The largest manifest a reader accepts.
    static let manifestByteLimit: Int64 = 1 << 20

    // MARK: - Helpers

    private static func unwrap(_ error: any Error) -> BackupError {
        switch error {
        case let error as BackupError: error
        case let error as ArchiveError: .archive(error)
        default: .output("\(error)")
        }
    }
}
