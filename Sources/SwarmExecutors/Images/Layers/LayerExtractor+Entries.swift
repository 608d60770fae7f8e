#if canImport(Glibc)
import Glibc
#endif
import CArchive

extension LayerExtractor {
    /// Writes one entry under the root, or applies it when it is a whiteout.
    func unpack(_ entry: OpaquePointer) throws(LayerExtractionError) {
        let rawPath = Self.bytes(archive_entry_pathname(entry) ?? archive_entry_pathname_utf8(entry))
        let name = String(decoding: rawPath, as: UTF8.self)
        lastEntry = name
        let path = try checked(name) { () throws(LayerEntryProblem) in try LayerEntryPath(tarPath: rawPath) }
        // The root keeps the mode and owner it was created with.
        guard !path.isRoot else { return }
        if whiteouts == .apply, let whiteout = try checked(name, { () throws(LayerEntryProblem) in try Whiteout(path) }) {
            try apply(whiteout, entry: name)
            summary.entryCount += 1
            return
        }
        guard !ArchiveFileType.isSpecial(UInt32(archive_entry_filetype(entry))) else {
            summary.skip(name)
            return
        }
        try relocate(entry, to: path, name: name)
        guard archive_write_header(writer, entry) >= ARCHIVE_WARN else { throw writeFailure(name) }
        try copyData(of: name)
        guard archive_write_finish_entry(writer) >= ARCHIVE_WARN else { throw writeFailure(name) }
        if whiteouts == .apply { unpackedPaths.formUnion(path.prefixes) }
        summary.entryCount += 1
    }

    /// Points the entry (and its hard link target) at their absolute paths under the root.
    private func relocate(_ entry: OpaquePointer, to path: LayerEntryPath, name: String) throws(LayerExtractionError) {
        let absolute = try bounded(path.absolute(under: root), name: name)
        archive_entry_copy_pathname(entry, absolute)
        guard let link = archive_entry_hardlink(entry) ?? archive_entry_hardlink_utf8(entry) else { return }
        let rawTarget = Self.bytes(link)
        let target: LayerEntryPath
        do {
            target = try LayerEntryPath(tarPath: rawTarget)
        } catch {
            throw .unsafeEntry(name, .hardLinkOutside(target: String(decoding: rawTarget, as: UTF8.self)))
        }
        guard !target.isRoot else { throw .unsafeEntry(name, .hardLinkOutside(target: String(decoding: rawTarget, as: UTF8.self))) }
        archive_entry_copy_hardlink(entry, try bounded(target.absolute(under: root), name: name))
    }

    /// Copies the current entry's data blocks (holes of sparse files stay holes).
    private func copyData(of name: String) throws(LayerExtractionError) {
        var block: UnsafeRawPointer?
        var byteCount = 0
        var offset: la_int64_t = 0
        // Bounded by the entry's size: each call moves libarchive forward or ends.
        while true {
            let status = archive_read_data_block(reader, &block, &byteCount, &offset)
            if status == ARCHIVE_EOF { return }
            guard status >= ARCHIVE_WARN else {
                throw .unreadable(afterEntry: name, reason: LibArchiveMessage.last(of: reader, root: root))
            }
            guard archive_write_data_block(writer, block, byteCount, offset) >= ARCHIVE_WARN else { throw writeFailure(name) }
        }
    }

    /// libarchive refused `name`: a real `errno` means the disk refused; none means one of its
    /// security checks did.
    private func writeFailure(_ name: String) -> LayerExtractionError {
        let message = LibArchiveMessage.last(of: writer, root: root)
        return archive_errno(writer) > 0 ? .unwritable(entry: name, reason: message) : .unsafeEntry(name, .refusedByLibarchive(message))
    }

    /// `path`, refused when longer than `PATH_MAX`: libarchive changes the process's working
    /// directory to write such paths, which no thread of swarmd may see.
    private func bounded(_ path: [CChar], name: String) throws(LayerExtractionError) -> [CChar] {
        guard path.count <= Int(PATH_MAX) else { throw .unsafeEntry(name, .tooLong(byteLimit: Int(PATH_MAX))) }
        return path
    }

    /// Runs a path check, naming the entry in its error.
    private func checked<Checked>(_ name: String, _ check: () throws(LayerEntryProblem) -> Checked) throws(LayerExtractionError) -> Checked {
        do {
            return try check()
        } catch {
            throw .unsafeEntry(name, error)
        }
    }

    private static func bytes(_ string: UnsafePointer<CChar>?) -> [UInt8] {
        guard let string else { return [] }
        return Array(UnsafeRawBufferPointer(start: string, count: strlen(string)))
    }
}
